using Blueprint.Web.Data;

namespace Blueprint.Web.Features.Demo;

/// <summary>The plans, projects, progress, milestones, review and supervision of the demo city.</summary>
public sealed partial class DemoContent(BlueprintDb db, DemoUnits units)
{
    public Task<string> SeedAsync()
    {
        _ = db;
        _ = units;
        return Task.FromResult("no content yet");
    }
}
