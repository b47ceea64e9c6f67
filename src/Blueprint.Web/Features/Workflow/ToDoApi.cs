using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Workflow;

/// <summary>The signed-in user's to-do: the list (a page, most urgent first), its count, and its export.</summary>
public static class ToDoApi
{
    public static IEndpointRouteBuilder MapToDoApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/todo").WithTags("To-do").RequireAuthorization(Policies.Business);

        group.MapGet("/", async (BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, ToDoBadgeCounts badge,
            ToDoKind? kind, int? page, int? pageSize, CancellationToken ct) =>
            TypedResults.Ok(await new ToDoList(db, t, clock, badge).PageAsync(kind, page, pageSize, ct)));

        group.MapGet("/count", async (BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, ToDoBadgeCounts badge, ToDoKind? kind, CancellationToken ct) =>
            TypedResults.Ok(new ToDoCount(await new ToDoList(db, t, clock, badge).CountAsync(kind, ct))));

        group.MapGet("/xlsx", async (BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, ToDoKind? kind, CancellationToken ct) =>
        {
            var list = new ToDoList(db, t, clock);
            var sheet = new XlsxSheet(t["ToDo.Title"], ExportColumns(t), ExportRows(await list.AllAsync(kind, ct), t))
            {
                Title = Xlsx.Filtered(DownloadName.Title(t, "Download.ToDo", list.Today), kind is { } k ? t[$"ToDo.Kind.{k}"].Value : null),
            };
            var bytes = await Xlsx.ExportAsync(sheet, ct);
            return TypedResults.File(bytes, Xlsx.ContentType, DownloadName.Of(t, "Download.ToDo", ".xlsx", list.Today));
        });
        return app;
    }

    public static XlsxColumn[] ExportColumns(IStringLocalizer<SharedResource> t) =>
    [
        new(t["ToDo.Col.Kind"]), new(t["ToDo.Col.Step"]), new(t["ToDo.Col.Title"]), new(t["ToDo.Col.Unit"]),
        new(t["ToDo.Col.Deadline"], XlsxKind.Date), new(t["ToDo.Col.Due"]), new(t["ToDo.Col.Link"]),
    ];

    /// <summary>The export of exactly what is filtered, in the list's order.</summary>
    public static IEnumerable<IReadOnlyDictionary<string, object?>> ExportRows(IEnumerable<ToDoEntry> entries, IStringLocalizer<SharedResource> t) =>
        entries.Select(e => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            [t["ToDo.Col.Kind"]] = t[$"ToDo.Kind.{e.Kind}"].Value,
            [t["ToDo.Col.Step"]] = ToDoRules.StepText(t, e.Kind, e.Step),
            [t["ToDo.Col.Title"]] = e.Title,
            [t["ToDo.Col.Unit"]] = e.UnitName,
            [t["ToDo.Col.Deadline"]] = e.Deadline,
            [t["ToDo.Col.Due"]] = ToDoRules.DueText(t, e.DaysLate),
            [t["ToDo.Col.Link"]] = e.Link,
        });
}
