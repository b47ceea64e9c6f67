using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Notifications;

/// <summary>An argument of a <see cref="NoticeText"/> that is itself a resource word (a status, a kind): said in the reader's language too.</summary>
public sealed record NoticeWord(string Key);

/// <summary>
/// A notification's words as a resource key and its arguments (decision 0036), stored with the
/// notification (<see cref="Notification.TextKey"/>, <see cref="Notification.TextArgs"/>) and
/// rendered when it is read, in the reader's language: an English reader reads an English notice
/// whoever caused it. Arguments are kept as they are (text, whole numbers, decimals, dates,
/// instants, <see cref="NoticeWord"/>s), so that dates and numbers are formatted for the reader too.
/// </summary>
public sealed record NoticeText(string Key, params object?[] Args)
{
    /// <summary>The words in the current culture (the stored <see cref="Notification.Title"/>, for e-mail and as the fallback).</summary>
    public string Render(IStringLocalizer t) => t[Key, [.. Args.Select(a => a is NoticeWord w ? t[w.Key].Value : a ?? "")]].Value;

    /// <summary>The arguments as stored: a JSON array of one-member objects naming each argument's kind.</summary>
    public string ArgsJson()
    {
        var array = new JsonArray();
        foreach (var a in Args)
        {
            array.Add(a switch
            {
                null => new JsonObject { ["s"] = "" },
                NoticeWord w => new JsonObject { ["w"] = w.Key },
                int or long or short => new JsonObject { ["n"] = Convert.ToInt64(a, CultureInfo.InvariantCulture) },
                decimal m => new JsonObject { ["m"] = m },
                DateOnly d => new JsonObject { ["d"] = d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) },
                DateTime t => new JsonObject { ["t"] = t.ToString("O", CultureInfo.InvariantCulture) },
                LocalizedString s => new JsonObject { ["s"] = s.Value },
                _ => new JsonObject { ["s"] = Convert.ToString(a, CultureInfo.InvariantCulture) },
            });
        }

        return array.ToJsonString();
    }

    /// <summary>The stored key and arguments rendered for the reader; null when the notification has no key (older rows keep their stored title).</summary>
    public static string? Render(IStringLocalizer t, string? key, string? argsJson)
    {
        if (key is null)
        {
            return null;
        }

        try
        {
            var args = argsJson is null ? [] : JsonNode.Parse(argsJson)!.AsArray().Select(Read).ToArray();
            var text = new NoticeText(key, args).Render(t);
            return string.IsNullOrEmpty(text) ? null : text;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    private static object? Read(JsonNode? node)
    {
        var (kind, value) = node!.AsObject().Single();
        return kind switch
        {
            "w" => new NoticeWord(value!.GetValue<string>()),
            "n" => value!.GetValue<long>(),
            "m" => value!.GetValue<decimal>(),
            "d" => DateOnly.ParseExact(value!.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture),
            "t" => DateTime.Parse(value!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            _ => value?.GetValue<string>(),
        };
    }
}
