using System.Security.Claims;
using System.Text.Json.Serialization;

namespace Blueprint.Web.Infrastructure;

/// <summary>Which units' records a user may see and change.</summary>
[JsonConverter(typeof(JsonStringEnumConverter))]
public enum DataScope
{
    OwnUnit = 0,
    UnitAndBelow = 1,
    All = 2,
}

/// <summary>
/// Who is acting, and over which units. Everything the database does is confined by this one
/// object (see BlueprintDb's query filters and its SaveChanges check), so scope is decided here
/// and nowhere else.
///
/// Outside an HTTP request there is no user: the default is to see nothing. Admin commands,
/// the demo seeder, background jobs and test setup call <see cref="ActAsSystem"/> explicitly, so
/// code running without a request (e.g. an interactive Blazor circuit) can never silently act
/// with full rights.
/// </summary>
public sealed class CurrentUser(IHttpContextAccessor http)
{
    public const string UnitClaim = "bp:unit";
    public const string UnitPathClaim = "bp:unit_path";
    public const string ScopeClaim = "bp:scope";

    private bool _system;
    private ClaimsPrincipal? _explicitPrincipal;

    public ClaimsPrincipal? Principal => _explicitPrincipal ?? http.HttpContext?.User;

    public bool IsSystem => _system;

    public bool IsAuthenticated => _system || Principal?.Identity?.IsAuthenticated == true;

    public int? UserId => int.TryParse(Principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public string? UserName => _system ? "system" : Principal?.Identity?.Name;

    public int? UnitId => int.TryParse(Principal?.FindFirstValue(UnitClaim), out var id) ? id : null;

    /// <summary>The materialised path of the user's unit, e.g. "/1/4/".</summary>
    public string? UnitPath => Principal?.FindFirstValue(UnitPathClaim);

    public DataScope? Scope =>
        _system ? DataScope.All
        : Enum.TryParse<DataScope>(Principal?.FindFirstValue(ScopeClaim), out var s) ? s : null;

    public string? RequestId => http.HttpContext?.TraceIdentifier;

    public string? ClientIp => http.HttpContext?.Connection.RemoteIpAddress?.ToString();

    public bool IsInRole(string role) => Principal?.IsInRole(role) == true;

    /// <summary>Acts with full rights for the rest of this DI scope (admin commands, jobs, seeding).</summary>
    public CurrentUser ActAsSystem()
    {
        _system = true;
        return this;
    }

    /// <summary>Acts as the given principal for the rest of this DI scope (background work on a user's behalf, tests).</summary>
    public CurrentUser ActAs(ClaimsPrincipal principal)
    {
        _system = false;
        _explicitPrincipal = principal;
        return this;
    }
}
