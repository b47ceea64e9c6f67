using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Supervision;
using static Blueprint.Tests.Supervision.FlowClient;

namespace Blueprint.Tests.Supervision;

/// <summary>Files on an item: what is accepted (by content, not name), the size limit, and who may fetch them.</summary>
public sealed class AttachmentsTests(Apps apps)
{
    private static readonly byte[] Pdf = "%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF"u8.ToArray();

    [Fact]
    public void Files_are_judged_by_their_bytes()
    {
        Assert.Equal(("application/pdf", (string?)null), AttachmentRules.Check("批示.pdf", Pdf));
        Assert.Equal("image/png", AttachmentRules.Check("现场.PNG", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]).ContentType);
        Assert.Equal("image/jpeg", AttachmentRules.Check("现场.jpg", [0xFF, 0xD8, 0xFF, 0xE0]).ContentType);
        Assert.NotNull(AttachmentRules.Check("方案.docx", Office("word/document.xml")).ContentType);
        Assert.NotNull(AttachmentRules.Check("台账.xlsx", Office("xl/workbook.xml")).ContentType);

        Assert.Equal("Supervision.Attachment.ContentMismatch", AttachmentRules.Check("病毒.pdf", "MZ\u0090\0"u8.ToArray()).Error);
        Assert.Equal("Supervision.Attachment.ContentMismatch", AttachmentRules.Check("方案.docx", Office("xl/workbook.xml")).Error);
        Assert.Equal("Supervision.Attachment.TypeNotAllowed", AttachmentRules.Check("说明.txt", "text"u8.ToArray()).Error);
        Assert.Equal("Supervision.Attachment.TooLarge", AttachmentRules.Check("大.pdf", new byte[AttachmentRules.MaxBytes + 1]).Error);
        Assert.Equal("a.pdf", AttachmentRules.CleanName(@"C:\Users\x\a.pdf"));
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_unit_attaches_a_file_everyone_on_the_item_downloads_it_and_bad_files_are_refused(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("supervision.office");
        var anyue = await app.LoginAsync("anyue.reporter");
        var lezhi = await app.LoginAsync("lezhi.reporter");
        var item = await CreateAsync(office, Input(CaseNumber("file", provider), await UnitIdAsync(app, DemoUnits.Anyue)));
        var id = item.Item.Id;

        var created = await UploadAsync(anyue, id, Pdf, "整改方案.pdf");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var attachment = (await created.Content.ReadFromJsonAsync<SupervisionAttachmentDto>(ct))!;
        Assert.Equal(("整改方案.pdf", "application/pdf", (long)Pdf.Length), (attachment.FileName, attachment.ContentType, attachment.Size));

        var download = await office.GetAsync($"/api/supervision-items/{id}/attachments/{attachment.Id}", ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync(ct));
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal([attachment.Id], (await GetAsync(anyue, id)).Attachments.Select(a => a.Id));

        // A renamed program, a text file and an oversized file are refused with a plain reason.
        var renamed = await UploadAsync(anyue, id, "MZ\u0090\0 this program cannot be run"u8.ToArray(), "方案.pdf");
        Assert.Equal(HttpStatusCode.BadRequest, renamed.StatusCode);
        Assert.Contains("文件内容与扩展名不符", await Title(renamed), StringComparison.Ordinal);
        var text = await UploadAsync(anyue, id, "说明"u8.ToArray(), "说明.txt");
        Assert.Contains("只能上传PDF", await Title(text), StringComparison.Ordinal);
        var big = await UploadAsync(anyue, id, new byte[AttachmentRules.MaxBytes + 1], "扫描件.pdf");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
        Assert.Contains("10 MB", await Title(big), StringComparison.Ordinal);

        // Another county neither uploads to nor downloads from the item.
        Assert.Equal(HttpStatusCode.NotFound, (await UploadAsync(lezhi, id, Pdf, "越权.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lezhi.GetAsync($"/api/supervision-items/{id}/attachments/{attachment.Id}", ct)).StatusCode);
        Assert.Single((await GetAsync(office, id)).Attachments);
    }

    private static byte[] Office(string mainPart)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            zip.CreateEntry("[Content_Types].xml");
            zip.CreateEntry(mainPart);
        }

        return stream.ToArray();
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, int id, byte[] content, string fileName)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return await client.PostAsync($"/api/supervision-items/{id}/attachments", form, TestContext.Current.CancellationToken);
    }

    private static async Task<string> Title(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("title").GetString()!;
}
