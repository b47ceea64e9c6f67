using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Blueprint.Web.Infrastructure;

/// <summary>Settings of section <c>Blueprint:Proxy</c>: which reverse proxies may speak for the client.</summary>
public sealed class ReverseProxyOptions
{
    public const string Section = "Blueprint:Proxy";

    /// <summary>
    /// Addresses of the reverse proxies (nginx, a load balancer) whose <c>X-Forwarded-For</c> and
    /// <c>X-Forwarded-Proto</c> are believed. Empty (with <see cref="KnownNetworks"/> empty): only a
    /// proxy on this host, 127.0.0.1 and ::1.
    /// </summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of such proxies, in CIDR notation ("10.0.0.0/24").</summary>
    public List<string> KnownNetworks { get; set; } = [];
}

/// <summary>
/// Behind a reverse proxy that ends HTTPS (docs/deploy.md), the app sees the proxy's address and
/// plain HTTP. The forwarded headers of a trusted proxy give back the client's address (for the
/// sign-in log and the audit) and the scheme (so the sign-in and antiforgery cookies are sent
/// <c>Secure</c> and redirects stay on HTTPS). A proxy not listed is not believed: anyone can
/// write an <c>X-Forwarded-For</c> header.
/// </summary>
public static class ReverseProxy
{
    public static IServiceCollection AddReverseProxySupport(this IServiceCollection services, IConfiguration configuration)
    {
        // Read and checked now, so a mistyped address stops the start with its name, not the first request.
        var settings = configuration.GetSection(ReverseProxyOptions.Section).Get<ReverseProxyOptions>() ?? new();
        var proxies = settings.KnownProxies.Select(a => IPAddress.TryParse(a, out var ip) ? ip
            : throw new InvalidOperationException($"{ReverseProxyOptions.Section}:KnownProxies: \"{a}\" is not an IP address")).ToList();
        var networks = settings.KnownNetworks.Select(n => System.Net.IPNetwork.TryParse(n, out var net) ? net
            : throw new InvalidOperationException($"{ReverseProxyOptions.Section}:KnownNetworks: \"{n}\" is not a network such as 10.0.0.0/24")).ToList();
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            if (proxies.Count + networks.Count == 0)
            {
                return; // ASP.NET's default: loopback only
            }

            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            proxies.ForEach(o.KnownProxies.Add);
            networks.ForEach(o.KnownIPNetworks.Add);
        });
        return services;
    }
}
