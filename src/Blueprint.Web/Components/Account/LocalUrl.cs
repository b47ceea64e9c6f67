namespace Blueprint.Web.Components.Account;

/// <summary>
/// Return URLs come from the query string, so an attacker can put any address there. Only
/// app-relative paths are followed; anything else goes to the home page (no open redirect).
/// </summary>
public static class LocalUrl
{
    public static string OrHome(string? url) => IsLocal(url) ? url! : "/";

    // The same test as ASP.NET Core's IUrlHelper.IsLocalUrl: "/x" but not "//host" or "/\host".
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url)
        && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);
}
