using System.Security.Claims;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Blueprint.Web.Infrastructure;

/// <summary>Marks an endpoint or page whose POST is an import: heavy work that <see cref="ImportGate"/> rations.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class HeavyImportAttribute : Attribute;

/// <summary>
/// At most one import per account at a time (<see cref="XlsxUploadOptions.MaxImportsPerAccount"/>), and at
/// most <see cref="XlsxUploadOptions.MaxConcurrentImports"/> (default 2) in the whole process: a 200,000-row workbook takes a core and hundreds of MB while it
/// is read and checked, and eight at once from one account took the server to 1.4 GB (issue 17).
/// The next one is answered 429 at once, with Retry-After, rather than queued: the person sees
/// why and tries again, and a queue would only hold the memory of the waiting uploads.
/// </summary>
public sealed class ImportGate(IOptions<XlsxUploadOptions> options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _accounts = [];
    private int _running;

    public int Running
    {
        get
        {
            lock (_lock)
            {
                return _running;
            }
        }
    }

    /// <summary>A slot for <paramref name="account"/> (dispose it when the import ends), or the resource key of the refusal.</summary>
    public (IDisposable? Slot, string? Refusal) TryEnter(string account)
    {
        lock (_lock)
        {
            if (_accounts.GetValueOrDefault(account) >= Math.Max(1, options.Value.MaxImportsPerAccount))
            {
                return (null, "Import.Busy.Account");
            }

            if (_running >= Math.Max(1, options.Value.MaxConcurrentImports))
            {
                return (null, "Import.Busy.Server");
            }

            _accounts[account] = _accounts.GetValueOrDefault(account) + 1;
            _running++;
            return (new Slot(this, account), null);
        }
    }

    private void Leave(string account)
    {
        lock (_lock)
        {
            _running--;
            if (--_accounts[account] == 0)
            {
                _accounts.Remove(account);
            }
        }
    }

    private sealed class Slot(ImportGate gate, string account) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                gate.Leave(account);
            }
        }
    }
}

public static class ImportGateSetup
{
    private const int RetryAfterSeconds = 10;

    public static IServiceCollection AddImportGate(this IServiceCollection services) => services.AddSingleton<ImportGate>();

    /// <summary>After authorization, so that the account is known and a refused caller never takes a slot.</summary>
    public static WebApplication UseImportGate(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (!HttpMethods.IsPost(context.Request.Method) || context.GetEndpoint()?.Metadata.GetMetadata<HeavyImportAttribute>() is null)
            {
                await next(context);
                return;
            }

            var account = context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "ip:" + context.Connection.RemoteIpAddress;
            var (slot, refusal) = context.RequestServices.GetRequiredService<ImportGate>().TryEnter(account);
            if (slot is null)
            {
                await RefuseAsync(context, refusal!);
                return;
            }

            using (slot)
            {
                await next(context);
            }
        });
        return app;
    }

    private static async Task RefuseAsync(HttpContext context, string key)
    {
        var title = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>()[key].Value;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        OutcomeLog.Explain(context, title);
        var problem = new ProblemDetailsContext { HttpContext = context, ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = title } };
        if (!await context.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(problem))
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(
                $"<!DOCTYPE html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>429</title><body style=\"font-family:sans-serif;padding:2rem\"><h1>429</h1><p>{System.Net.WebUtility.HtmlEncode(title)}</p><p><a href=\"/\">首页 / Home</a></p></body></html>");
        }
    }
}
