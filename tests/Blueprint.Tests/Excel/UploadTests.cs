using System.IO.Compression;
using System.Net;
using System.Text;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Projects.Excel;
using static Blueprint.Tests.Excel.ExcelFiles;

namespace Blueprint.Tests.Excel;

/// <summary>Uploads refused before anything parses them, each with a clear message and nothing changed.</summary>
public sealed class UploadTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Bad_uploads_are_refused_with_a_reason_and_change_nothing(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var reporter = await app.LoginAsync("anyue.reporter");

        // Over 20 MB.
        var tooLarge = await UploadAsync(reporter, "/api/imports/projects", new byte[21 * 1024 * 1024]);
        await AssertRefusedAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge, "20 MB");

        // A text file renamed .xlsx, and a zip that is not a workbook.
        var text = await UploadAsync(reporter, "/api/imports/projects", Encoding.UTF8.GetBytes("项目编码,项目名称\nX1,测试\n"), "项目.xlsx");
        await AssertRefusedAsync(text, HttpStatusCode.BadRequest, "不是有效的 Excel");
        var plainZip = await UploadAsync(reporter, "/api/imports/projects", Zip(("readme.txt", 10)));
        await AssertRefusedAsync(plainZip, HttpStatusCode.BadRequest, "不是有效的 Excel");

        // A zip bomb: a workbook-shaped zip whose sheet unpacks from a few hundred KB to 200 MB.
        var bomb = Zip(("[Content_Types].xml", 100), ("xl/workbook.xml", 100), ("xl/worksheets/sheet1.xml", 200L * 1024 * 1024));
        Assert.True(bomb.Length < 1024 * 1024);
        await AssertRefusedAsync(await UploadAsync(reporter, "/api/imports/projects", bomb), HttpStatusCode.BadRequest, "压缩炸弹");

        // One row over the 200,000-row limit.
        var manyRows = Workbook(ProjectSheet.SheetName, Enumerable.Range(0, 200_001).Select(i => new Dictionary<string, object?> { [ProjectSheet.Code] = $"UPL-{i}" }));
        await AssertRefusedAsync(await UploadAsync(reporter, "/api/imports/projects", manyRows), HttpStatusCode.BadRequest, "200000 行");

        // No file at all.
        using var empty = new MultipartFormDataContent { { new StringContent("x"), "note" } };
        await AssertRefusedAsync(await reporter.PostAsync("/api/imports/projects", empty, TestContext.Current.CancellationToken), HttpStatusCode.BadRequest, "请选择");

        Assert.Equal(0, await CountAsync<KeyProject>(app, q => q.Where(p => p.Code.StartsWith("UPL-"))));
    }

    [Fact]
    public async Task A_sheet_without_a_required_column_is_reported_on_row_1()
    {
        var app = await apps.GetAsync(DatabaseProvider.Sqlite);
        var reporter = await app.LoginAsync("anyue.reporter");
        var row = ProjectRow("MC-1");
        row.Remove(ProjectSheet.Total);

        var response = await UploadAsync(reporter, "/api/imports/projects", Workbook(ProjectSheet.SheetName, [row]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Assert.Single(await RowErrorsAsync(response));
        Assert.Equal((1, ProjectSheet.Total), (error.Row, error.Column));
        Assert.Contains("缺少列", error.Message, StringComparison.Ordinal);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string message)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    /// <summary>A zip whose entries are runs of one repeated byte: they compress about a thousandfold.</summary>
    private static byte[] Zip(params (string Name, long Bytes)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var chunk = new byte[1024 * 1024];
            Array.Fill(chunk, (byte)' ');
            foreach (var (name, bytes) in entries)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                for (var left = bytes; left > 0; left -= chunk.Length)
                {
                    stream.Write(chunk, 0, (int)Math.Min(left, chunk.Length));
                }
            }
        }

        return buffer.ToArray();
    }
}
