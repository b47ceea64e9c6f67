using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Excel;

/// <summary>
/// One import per account at a time and two in the whole server (<c>Uploads:MaxConcurrentImports</c>),
/// the next answered 429 in Chinese (issue 17). The running imports are held in the gate itself, so
/// the test does not depend on how long a real import takes; its own app, since a held gate would
/// refuse the imports of every other test class.
/// </summary>
public sealed class ImportLimitTests
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_second_import_of_one_account_and_a_third_in_the_server_are_refused_with_429(DatabaseProvider provider)
    {
        await using var own = await TestApp.StartAsync(provider);
        await using var app = own.WithWebHostBuilder(b => b
            .UseSetting("Uploads:MaxImportsPerAccount", "1").UseSetting("Uploads:MaxConcurrentImports", "2")); // the product's defaults
        var gate = app.Services.GetRequiredService<ImportGate>();
        var office = await LoginAsync(own, app, "project.office");
        var reporter = await LoginAsync(own, app, "anyue.reporter");
        var officeId = (await office.GetFromJsonAsync<JsonObject>("/api/auth/me", TestContext.Current.CancellationToken))!["userId"]!.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture);

        // Nothing running: the gate lets the upload through to the import, which refuses the junk file itself.
        Assert.Equal(HttpStatusCode.BadRequest, (await UploadAsync(office)).StatusCode);

        // The office's own import is running: a second from the same account is refused, another account's goes on.
        using (gate.TryEnter(officeId).Slot)
        {
            await AssertBusyAsync(await UploadAsync(office), "上一次导入");
            Assert.Equal(HttpStatusCode.BadRequest, (await UploadAsync(reporter)).StatusCode);

            // Two running in the server (the default limit): a third account is refused too.
            using (gate.TryEnter("someone-else").Slot)
            {
                await AssertBusyAsync(await UploadAsync(reporter), "其他导入");
            }
        }

        Assert.Equal(0, gate.Running);
        Assert.Equal(HttpStatusCode.BadRequest, (await UploadAsync(office)).StatusCode);
    }

    /// <summary>What <see cref="TestApp.LoginAsync"/> does, on the derived host, with the headers its clients send.</summary>
    private static async Task<HttpClient> LoginAsync(TestApp own, WebApplicationFactory<Program> app, string user)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        foreach (var (name, values) in (await own.LoginAsync(user)).DefaultRequestHeaders)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation(name, values);
        }

        var response = await client.PostAsJsonAsync("/api/auth/login", new LoginInput(user, DemoAccounts.Password), TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return client;
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent("not a workbook"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(file, "file", "import.xlsx");
        return await client.PostAsync("/api/imports/projects", form, TestContext.Current.CancellationToken);
    }

    private static async Task AssertBusyAsync(HttpResponseMessage response, string says)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(says, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
