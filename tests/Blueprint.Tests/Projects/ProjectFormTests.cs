using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Blueprint.Tests.Data;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Projects;

namespace Blueprint.Tests.Projects;

/// <summary>The create/edit page's form posted as a browser posts it: 万元 to 元, messages by the fields, and stale edits.</summary>
public sealed partial class ProjectFormTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_stale_edit_through_the_page_is_a_409_and_keeps_the_other_change(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("project.office");
        var units = await office.GetFromJsonAsync<List<Blueprint.Web.Features.Units.UnitDto>>("/api/units", ct);
        var unitId = units!.Single(u => u.Code == "ZY-LZ").Id;
        var project = (await (await office.PostAsJsonAsync("/api/projects", ConcurrencyTests.NewProject($"PF-{provider}", unitId), ct)).Content.ReadFromJsonAsync<KeyProjectDto>(ct))!;

        // The user opens the edit page; meanwhile someone else saves through the API.
        var form = await OpenFormAsync(office, $"/projects/{project.Id}/edit");
        Assert.Equal(project.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), form["Form.Version"]);
        var other = await office.PutAsJsonAsync($"/api/projects/{project.Id}", ConcurrencyTests.NewProject(project.Code, unitId) with { Name = "他人先保存的名称", Version = project.Version }, ct);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);

        form["Form.Name"] = "过期页面上的修改";
        var stale = await office.PostAsync($"/projects/{project.Id}/edit", new FormUrlEncodedContent(form), ct);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("已被他人修改", await stale.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal("他人先保存的名称", (await office.GetFromJsonAsync<KeyProjectDto>($"/api/projects/{project.Id}", ct))!.Name);

        // Reopened at the new version, the same edit saves; 万元 become exact 元.
        var fresh = await OpenFormAsync(office, $"/projects/{project.Id}/edit");
        fresh["Form.Name"] = "重新打开后的修改";
        fresh["Form.TotalInvestmentWan"] = "12,345.6789";
        fresh["Form.PlannedTaxWan"] = "0.0001";
        var saved = await office.PostAsync($"/projects/{project.Id}/edit", new FormUrlEncodedContent(fresh), ct);
        Assert.True(saved.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, saved.StatusCode.ToString());
        var stored = (await office.GetFromJsonAsync<KeyProjectDto>($"/api/projects/{project.Id}", ct))!;
        Assert.Equal("重新打开后的修改", stored.Name);
        Assert.Equal(123_456_789, stored.TotalInvestment);
        Assert.Equal(1, stored.PlannedBenefit.Tax);
        Assert.Equal(project.Version + 2, stored.Version);
    }

    [Fact]
    public async Task Invalid_fields_are_explained_next_to_them_and_nothing_is_saved()
    {
        var app = await apps.GetAsync(DatabaseProvider.Sqlite);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("project.office");
        var form = await OpenFormAsync(office, "/projects/new");
        form["Form.Code"] = "PF-INVALID-1";
        form["Form.Name"] = "";
        form["Form.TotalInvestmentWan"] = "1.23456";
        form["Form.PlannedCompletion"] = "2020-01-01";
        form["Form.PlannedStart"] = "2021-01-01";

        var response = await office.PostAsync("/projects/new", new FormUrlEncodedContent(form), ct);
        var html = await response.Content.ReadAsStringAsync(ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Matches("id=\"f-total-error\"[^>]*>请填写不小于0的金额（万元），最多4位小数。", html);
        Assert.Matches("id=\"f-name-error\"[^>]*>请填写项目名称", html);
        Assert.Contains("id=\"f-pfinish-error\"", html, StringComparison.Ordinal);
        var list = await office.GetStringAsync("/projects?q=PF-INVALID-1", ct);
        Assert.Contains("共 0 条", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Archiving_needs_the_tick_and_takes_the_project_off_the_list()
    {
        var app = await apps.GetAsync(DatabaseProvider.Sqlite);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("project.office");
        var units = await office.GetFromJsonAsync<List<Blueprint.Web.Features.Units.UnitDto>>("/api/units", ct);
        var unitId = units!.Single(u => u.Code == "ZY-LZ").Id;
        var project = (await (await office.PostAsJsonAsync("/api/projects", ConcurrencyTests.NewProject("PF-ARCHIVE-1", unitId), ct)).Content.ReadFromJsonAsync<KeyProjectDto>(ct))!;

        var form = await OpenFormAsync(office, $"/projects/{project.Id}/edit", "archive-form");
        Assert.True(form.Remove("Archive.Confirmed"), "the confirmation is a checkbox, posted only when ticked");
        var unticked = await office.PostAsync($"/projects/{project.Id}/edit", new FormUrlEncodedContent(form), ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unticked.StatusCode);
        Assert.Contains("请先勾选确认", await unticked.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.False((await office.GetFromJsonAsync<KeyProjectDto>($"/api/projects/{project.Id}", ct))!.IsArchived);

        form["Archive.Confirmed"] = "true";
        var ticked = await office.PostAsync($"/projects/{project.Id}/edit", new FormUrlEncodedContent(form), ct);
        Assert.True(ticked.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, ticked.StatusCode.ToString());
        Assert.True((await office.GetFromJsonAsync<KeyProjectDto>($"/api/projects/{project.Id}", ct))!.IsArchived);
        Assert.Contains("共 0 条", await office.GetStringAsync("/projects?q=PF-ARCHIVE-1", ct), StringComparison.Ordinal);
        Assert.Contains("共 1 条", await office.GetStringAsync("/projects?q=PF-ARCHIVE-1&archived=true", ct), StringComparison.Ordinal);
    }

    /// <summary>The project form's fields as the page rendered them, antiforgery token and handler included.</summary>
    internal static async Task<Dictionary<string, string>> OpenFormAsync(HttpClient client, string url, string formId = "project-form")
    {
        var html = await client.GetStringAsync(url, TestContext.Current.CancellationToken);
        var start = html.IndexOf($"id=\"{formId}\"", StringComparison.Ordinal);
        var formHtml = html[html.LastIndexOf("<form", start, StringComparison.Ordinal)..html.IndexOf("</form>", start, StringComparison.Ordinal)];
        var fields = new Dictionary<string, string>();
        foreach (Match m in InputPattern().Matches(formHtml))
        {
            fields[WebUtility.HtmlDecode(m.Groups["name"].Value)] = WebUtility.HtmlDecode(m.Groups["value"].Value);
        }

        foreach (Match m in SelectPattern().Matches(formHtml))
        {
            var selected = SelectedPattern().Match(m.Groups["body"].Value);
            fields[m.Groups["name"].Value] = selected.Success ? selected.Groups["value"].Value : FirstOption().Match(m.Groups["body"].Value).Groups["value"].Value;
        }

        return fields;
    }

    [GeneratedRegex("<input[^>]*?name=\"(?<name>[^\"]+)\"[^>]*?value=\"(?<value>[^\"]*)\"")]
    private static partial Regex InputPattern();

    [GeneratedRegex("<select[^>]*?name=\"(?<name>[^\"]+)\"[^>]*>(?<body>.*?)</select>", RegexOptions.Singleline)]
    private static partial Regex SelectPattern();

    [GeneratedRegex("<option value=\"(?<value>[^\"]*)\" selected")]
    private static partial Regex SelectedPattern();

    [GeneratedRegex("<option value=\"(?<value>[^\"]*)\"")]
    private static partial Regex FirstOption();
}
