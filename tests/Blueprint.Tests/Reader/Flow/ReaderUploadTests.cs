using System.Net;
using System.Net.Http.Json;
using System.Text;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Reader;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.AspNetCore.Mvc;

namespace Blueprint.Tests.Reader.Flow;

/// <summary>Reports arrive as .txt or .docx files; the type is judged by the bytes, and the size is bounded.</summary>
public sealed class ReaderUploadTests(Apps apps)
{
    private const string Sentence = "2083年11月，乐至县某某产业园项目签约，计划投资3亿元。";

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_docx_or_txt_is_read_and_anything_else_or_too_large_is_refused(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("supervision.office");

        var docx = await office.PostAsync("/api/reader/documents/file", Form("报告.docx", Docx("关于资阳", Sentence)), ct);
        Assert.Equal(HttpStatusCode.Created, docx.StatusCode);
        var fromDocx = (await docx.Content.ReadFromJsonAsync<ReaderDocumentDto>(ct))!;
        Assert.Equal("报告.docx", fromDocx.FileName);
        // Each paragraph is its own line, so the heading stays apart from the sentence.
        Assert.Contains(fromDocx.Sentences, s => s.Text.Contains("乐至县某某产业园项目签约", StringComparison.Ordinal));
        Assert.DoesNotContain(fromDocx.Sentences, s => s.Text.Contains("关于资阳2083", StringComparison.Ordinal));

        var txt = await office.PostAsync("/api/reader/documents/file", Form("报告.txt", Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Sentence)).ToArray()), ct);
        Assert.Equal(HttpStatusCode.Created, txt.StatusCode);
        Assert.Contains("乐至县", (await txt.Content.ReadFromJsonAsync<ReaderDocumentDto>(ct))!.Sentences[0].Text, StringComparison.Ordinal);

        // A .txt saved by an older Chinese Windows tool is GBK, not UTF-8: detected and converted.
        var gbk = System.Text.CodePagesEncodingProvider.Instance.GetEncoding(936)!.GetBytes(Sentence);
        var fromGbk = await office.PostAsync("/api/reader/documents/file", Form("国标.txt", gbk), ct);
        Assert.Equal(HttpStatusCode.Created, fromGbk.StatusCode);
        Assert.Equal(Sentence, (await fromGbk.Content.ReadFromJsonAsync<ReaderDocumentDto>(ct))!.Sentences[0].Text);

        // A text file renamed to .docx, a PDF renamed to .txt, and a picture are refused by their bytes or name.
        await AssertRefusedAsync(office, Form("改名.docx", Encoding.UTF8.GetBytes(Sentence)), "Word", ct);
        await AssertRefusedAsync(office, Form("改名.txt", [.. "%PDF-1.7\n"u8, 0, 0xFF, 0xFE, 0x01]), "UTF-8", ct);
        await AssertRefusedAsync(office, Form("图片.png", [0x89, .. "PNG"u8]), ".docx", ct);

        var large = await office.PostAsync("/api/reader/documents/file", Form("大.txt", Encoding.UTF8.GetBytes(new string('字', 800_000))), ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        Assert.Contains("2 MB", (await large.Content.ReadFromJsonAsync<ProblemDetails>(ct))!.Title, StringComparison.Ordinal);
    }

    private static async Task AssertRefusedAsync(HttpClient client, MultipartFormDataContent form, string says, CancellationToken ct)
    {
        var response = await client.PostAsync("/api/reader/documents/file", form, ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(says, (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(ct))!.Errors["file"].Single(), StringComparison.Ordinal);
    }

    private static MultipartFormDataContent Form(string fileName, byte[] content) => new()
    {
        { new StringContent($"上传 {Guid.NewGuid():N}"), "title" },
        { new StringContent("2083"), "year" },
        { new ByteArrayContent(content), "file", fileName },
    };

    private static byte[] Docx(params string[] paragraphs)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body(paragraphs.Select(p => new Paragraph(new Run(new Text(p))))));
        }

        return stream.ToArray();
    }
}
