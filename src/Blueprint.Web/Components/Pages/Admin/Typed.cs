namespace Blueprint.Web.Components.Pages.Admin;

/// <summary>After a refused post a form shows what was typed, not what is stored.</summary>
internal static class Typed
{
    public static string? Or(HttpContext http, string name, string? stored) =>
        HttpMethods.IsPost(http.Request.Method) && http.Request.HasFormContentType && http.Request.Form.ContainsKey(name)
            ? http.Request.Form[name].ToString() : stored;
}
