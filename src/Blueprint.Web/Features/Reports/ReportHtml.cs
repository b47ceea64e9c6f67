using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Blueprint.Web.Features.Reports;

/// <summary>Renders a print view (a Razor component of Print/) to a standalone HTML document, server-side.</summary>
public static class ReportHtml
{
    public static async Task<string> RenderAsync<TComponent>(HttpContext http, IDictionary<string, object?> parameters) where TComponent : IComponent
    {
        await using var renderer = new HtmlRenderer(http.RequestServices, http.RequestServices.GetRequiredService<ILoggerFactory>());
        return await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters))).ToHtmlString());
    }

    /// <summary>
    /// The print stylesheet, inlined into each print view: the page is printed from a temp file,
    /// where a link to the server's /css/print.css would not resolve.
    /// </summary>
    public static string PrintCss(IWebHostEnvironment env)
    {
        var file = env.WebRootFileProvider.GetFileInfo("css/print.css");
        if (!file.Exists)
        {
            return "";
        }

        using var reader = new StreamReader(file.CreateReadStream());
        return reader.ReadToEnd();
    }
}
