namespace Blueprint.Web.Features;

/// <summary>Every API group of every feature, in one greppable list.</summary>
public static class Api
{
    public static WebApplication MapBlueprintApi(this WebApplication app)
    {
        return app;
    }
}
