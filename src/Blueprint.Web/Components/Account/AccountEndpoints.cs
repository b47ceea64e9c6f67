namespace Blueprint.Web.Components.Account;

/// <summary>Logout and the language switch: plain endpoints the layout's forms post to.</summary>
public static class AccountEndpoints
{
    public static WebApplication MapAccountEndpoints(this WebApplication app)
    {
        return app;
    }
}
