using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Cockpit;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Map;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Units;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;

namespace Blueprint.Tests.Map;

/// <summary>
/// 项目一张图 and 现场照片 (issue 21): the vendored outline and the point-in-outline check, the
/// map's colours against the bulletin's unit rows, and photos with their EXIF, flags and refusals.
/// Test data: projects MP-{provider}-n, photos of 2100.
/// </summary>
public sealed class MapAndPhotosTests(Apps apps)
{
    // 安岳县's centre as the vendored file gives it, and a point 10 km east of it (still in 安岳).
    private const double AnyueLat = 30.103107;
    private const double AnyueLon = 105.35534;

    private static CityMap Ziyang()
    {
        var web = Path.Combine(RepositoryRoot(), "src", "Blueprint.Web", "wwwroot");
        return CityMap.Load(new PhysicalFileProvider(web), "资阳") ?? throw new InvalidOperationException("资阳 is not vendored");
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Blueprint.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("no repository root above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void The_vendored_city_has_every_county_and_the_outline_check_holds()
    {
        var map = Ziyang();
        Assert.Equal("资阳", map.City);
        Assert.Equal(["乐至县", "安岳县", "雁江区"], map.AreaNames.Order(StringComparer.Ordinal));
        Assert.Equal("安岳县", map.AreaOf(AnyueLat, AnyueLon));
        Assert.Equal("乐至县", map.AreaOf(30.276121, 105.02019));
        Assert.Equal("雁江区", map.AreaOf(30.108216, 104.677091));
        Assert.Null(map.AreaOf(30.6598, 104.0633)); // 成都天府广场
        Assert.Null(map.AreaOf(39.9087, 116.3975)); // 北京
        Assert.False(map.Contains(AnyueLat, AnyueLon + 2));

        // The licence is kept beside the files, as ECharts' is.
        Assert.True(File.Exists(Path.Combine(RepositoryRoot(), "src", "Blueprint.Web", "wwwroot", "lib", "china-cities", "LICENSE")));

        // Every district or county of the demo city goes by a name the map draws.
        var areas = ProjectMap.AreasByUnit(
            [(1, null, "资阳市", UnitKind.City, null), (2, 1, "雁江区", UnitKind.District, null), (3, 1, "安岳县", UnitKind.County, null),
             (4, 1, "乐至县", UnitKind.County, null), (5, 3, "安岳县住建局", UnitKind.Department, null), (6, 1, "资阳高新区", UnitKind.DevelopmentZone, "雁江区")],
            map);
        Assert.Equal(["雁江区", "安岳县", "乐至县", "安岳县", "雁江区"], Enumerable.Range(2, 5).Select(id => areas[id]));
        Assert.False(areas.ContainsKey(1));
    }

    [Fact]
    public void Photos_are_judged_by_their_bytes_and_their_exif()
    {
        var jpeg = PhotoFixtures.Jpeg(new DateTime(2100, 5, 20, 9, 30, 0), AnyueLat, AnyueLon);
        Assert.Equal(("image/jpeg", (string?)null), SitePhotos.Check("现场.jpg", jpeg));
        Assert.Equal("image/jpeg", SitePhotos.Check("IMG_0001.HEIC", jpeg).ContentType);
        Assert.Equal("image/png", SitePhotos.Check("现场.png", PhotoFixtures.Png()).ContentType);
        byte[] heic = [0, 0, 0, 0x18, .. "ftypheic"u8, 0, 0, 0, 0];
        Assert.Equal("Photo.HeicNotJpeg", SitePhotos.Check("IMG_0002.heic", heic).Error);
        Assert.Equal("Photo.ContentMismatch", SitePhotos.Check("现场.png", jpeg).Error);
        Assert.Equal("Photo.ContentMismatch", SitePhotos.Check("病毒.jpg", "MZ\u0090\0"u8.ToArray()).Error);
        Assert.Equal("Photo.TypeNotAllowed", SitePhotos.Check("说明.gif", "GIF89a"u8.ToArray()).Error);
        Assert.Equal("Photo.TooLarge", SitePhotos.Check("大.jpg", new byte[SitePhotos.MaxBytes + 1]).Error);

        var exif = SitePhotos.ReadExif(jpeg);
        Assert.Equal(new DateTime(2100, 5, 20, 9, 30, 0), exif.TakenLocal);
        Assert.Equal(AnyueLat, exif.Latitude!.Value, 5);
        Assert.Equal(AnyueLon, exif.Longitude!.Value, 5);
        Assert.Equal(new PhotoExif(null, null, null), SitePhotos.ReadExif(PhotoFixtures.Png()));

        var (thumb, width, height) = SitePhotos.Thumbnail(PhotoFixtures.Jpeg(null, null, null, 1200, 900))!.Value;
        Assert.Equal((1200, 900), (width, height));
        using var small = SkiaSharp.SKBitmap.Decode(thumb);
        Assert.Equal((320, 240), (small.Width, small.Height));
        Assert.Null(SitePhotos.Thumbnail([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]));

        // June 2100: 45 days before 1 June is 17 April; 5 km from the project.
        var (flags, distance, _) = SitePhotos.Judge(new PhotoExif(new DateTime(2100, 4, 18, 8, 0, 0), AnyueLat + 0.01, AnyueLon), 2100, 6, AnyueLat, AnyueLon);
        Assert.Equal(PhotoFlags.None, flags);
        Assert.InRange(distance!.Value, 1100, 1125);
        Assert.Equal(PhotoFlags.TakenEarly | PhotoFlags.FarAway,
            SitePhotos.Judge(new PhotoExif(new DateTime(2100, 4, 16, 8, 0, 0), AnyueLat, AnyueLon + 0.06), 2100, 6, AnyueLat, AnyueLon).Flags);
        Assert.Equal(PhotoFlags.NoExif, SitePhotos.Judge(new PhotoExif(null, null, null), 2100, 6, AnyueLat, AnyueLon).Flags);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_place_must_lie_inside_the_city(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("project.office");
        var anyue = await UnitIdAsync(app, DemoUnits.Anyue);

        var outside = await office.PostAsJsonAsync("/api/projects", Input($"MP-{provider}-OUT", anyue, 30.6598, 104.0633), ct);
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Contains("资阳", (await outside.Content.ReadFromJsonAsync<ValidationProblemDetails>(ct))!.Errors["latitude"].Single(), StringComparison.Ordinal);
        var half = await office.PostAsJsonAsync("/api/projects", Input($"MP-{provider}-HALF", anyue, AnyueLat, null), ct);
        Assert.Equal(HttpStatusCode.BadRequest, half.StatusCode);

        var project = await CreateAsync(office, $"MP-{provider}-IN", anyue, AnyueLat, AnyueLon);
        Assert.Equal((AnyueLat, AnyueLon), (project.Latitude, project.Longitude));
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_map_of_a_past_month_is_coloured_as_the_bulletins_unit_rows(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var leader = await app.LoginAsync("leader");

        var data = (await leader.GetFromJsonAsync<MapData>("/api/map?year=2023&month=11", ct))!;
        Assert.Equal(("资阳", 2023, 11), (data.City, data.Year, data.Month));
        Assert.Equal(["乐至县", "安岳县", "雁江区"], data.Areas.Select(a => a.Name).Order(StringComparer.Ordinal));

        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var window = await db.Set<ReportingWindow>().AsNoTracking().SingleOrDefaultAsync(w => w.Year == 2023 && w.Month == 11, ct);
        var query = CockpitAsOf.Of(2023, 11, window, clock).Bulletin;
        var bulletin = await Bulletin.ComputeAsync(db, query, clock, ct);
        string[] names = ["雁江区", "安岳县", "乐至县"];
        var units = await db.Set<Unit>().AsNoTracking().Where(u => names.Contains(u.Name) && u.ParentId != null).ToDictionaryAsync(u => u.Name, ct);
        foreach (var area in data.Areas)
        {
            var row = bulletin.ByUnit.Single(r => r.Key == $"unit:{units[area.Name].Id}");
            Assert.Equal(row.Figures.Light?.ToString().ToLowerInvariant(), area.Light);
            Assert.Equal(row.Figures.InvestmentCompletionRate, area.Rate);
            Assert.Equal(row.Figures.Totals.AnnualPlan, area.Plan);
        }

        Assert.Contains(data.Areas, a => a.Light is not null);

        // The points are the bulletin's projects with their own lights; each opens its page.
        var byProject = (await Bulletin.ByProjectAsync(db, query, clock, ct)).ToDictionary(r => r.KeyProjectId);
        Assert.NotEmpty(data.Points);
        foreach (var point in data.Points.Where(p => byProject.ContainsKey(p.Id)))
        {
            Assert.Equal(byProject[point.Id].Figures.Light?.ToString().ToLowerInvariant(), point.Light);
            Assert.Equal($"projects/{point.Id}", point.Href);
        }

        // A county's reporter sees its own projects only.
        var reporter = await app.LoginAsync("lezhi.reporter");
        var own = (await reporter.GetFromJsonAsync<MapData>("/api/map?year=2023&month=11", ct))!;
        var lezhi = units["乐至县"];
        Assert.All(own.Points, p => Assert.Contains(p.Id, db.Set<KeyProject>().Where(k => db.Set<Unit>().Any(u => u.Id == k.UnitId && u.Path.StartsWith(lezhi.Path))).Select(k => k.Id)));

        // The boundaries are served by the app itself.
        var geo = await leader.GetAsync("/map/geo.json", ct);
        Assert.Equal(HttpStatusCode.OK, geo.StatusCode);
        using var doc = JsonDocument.Parse(await geo.Content.ReadAsStringAsync(ct));
        Assert.Equal(3, doc.RootElement.GetProperty("features").GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_unit_adds_site_photos_whose_exif_is_read_and_flagged_and_bad_files_are_refused(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("project.office");
        var reporter = await app.LoginAsync("anyue.reporter");
        var project = await CreateAsync(office, $"MP-{provider}-PH", await UnitIdAsync(app, DemoUnits.Anyue), AnyueLat, AnyueLon);
        var url = $"/api/projects/{project.Id}/photos/2100/6";

        // On the site in the month: read, not flagged.
        var onSite = PhotoFixtures.Jpeg(new DateTime(2100, 6, 12, 10, 15, 0), AnyueLat + 0.001, AnyueLon);
        var photo = await ReadAsync(await UploadAsync(reporter, url, onSite, "进场道路.jpg", ct), ct);
        Assert.Equal(new DateTime(2100, 6, 12, 2, 15, 0, DateTimeKind.Utc), photo.TakenAtUtc);
        Assert.Equal(AnyueLat + 0.001, photo.Latitude!.Value, 5);
        Assert.InRange(photo.DistanceMetres!.Value, 100, 120);
        Assert.False(photo.NoExif || photo.TakenEarly || photo.FarAway);

        // An old photo, one from 10 km away, and one without EXIF.
        var old = await ReadAsync(await UploadAsync(reporter, url, PhotoFixtures.Jpeg(new DateTime(2100, 3, 1, 9, 0, 0), AnyueLat, AnyueLon), "旧照.jpg", ct), ct);
        Assert.True(old.TakenEarly && !old.FarAway);
        var far = await ReadAsync(await UploadAsync(reporter, url, PhotoFixtures.Jpeg(new DateTime(2100, 6, 2, 9, 0, 0), AnyueLat, AnyueLon + 0.1), "远处.jpg", ct), ct);
        Assert.True(far.FarAway && !far.TakenEarly);
        Assert.InRange(far.DistanceMetres!.Value, 9_000, 11_000);
        var bare = await ReadAsync(await UploadAsync(reporter, url, PhotoFixtures.Png(), "截图.png", ct), ct);
        Assert.True(bare.NoExif && !bare.TakenEarly && !bare.FarAway);
        Assert.Null(bare.TakenAtUtc);
        var heic = await ReadAsync(await UploadAsync(reporter, url, onSite, "IMG_2100.HEIC", ct), ct);
        Assert.Equal("image/jpeg", heic.ContentType);

        // The picture comes back byte for byte, its thumbnail as a small JPEG; the month lists all five.
        Assert.Equal(onSite, await office.GetByteArrayAsync($"/api/photos/{photo.Id}", ct));
        var thumb = await office.GetAsync($"/api/photos/{photo.Id}/thumb", ct);
        Assert.Equal("image/jpeg", thumb.Content.Headers.ContentType!.MediaType);
        var listed = (await office.GetFromJsonAsync<List<PhotoDto>>($"/api/projects/{project.Id}/photos?year=2100&month=6", ct))!;
        Assert.Equal([photo.Id, old.Id, far.Id, bare.Id, heic.Id], listed.Select(p => p.Id));

        // Refusals: by content, by type, by size; another county and the leader may not.
        Assert.Contains("扩展名不符", await TitleAsync(await UploadAsync(reporter, url, "MZ\u0090\0"u8.ToArray(), "病毒.jpg", ct), HttpStatusCode.BadRequest, ct), StringComparison.Ordinal);
        Assert.Contains("HEIC", await TitleAsync(await UploadAsync(reporter, url, [0, 0, 0, 0x18, .. "ftypheic"u8, 0, 0, 0, 0], "IMG.heic", ct), HttpStatusCode.BadRequest, ct), StringComparison.Ordinal);
        Assert.Contains("JPEG", await TitleAsync(await UploadAsync(reporter, url, "GIF89a"u8.ToArray(), "动图.gif", ct), HttpStatusCode.BadRequest, ct), StringComparison.Ordinal);
        Assert.Contains("10MB", await TitleAsync(await UploadAsync(reporter, url, new byte[SitePhotos.MaxBytes + 1], "大.jpg", ct), HttpStatusCode.RequestEntityTooLarge, ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await UploadAsync(await app.LoginAsync("lezhi.reporter"), url, onSite, "越权.jpg", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.LoginAsync("lezhi.reporter")).GetAsync($"/api/photos/{photo.Id}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await UploadAsync(await app.LoginAsync("leader"), url, onSite, "领导.jpg", ct)).StatusCode);

        // Nine a month at most.
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await UploadAsync(reporter, url, PhotoFixtures.Png(8, 8), $"补充{i}.png", ct)).StatusCode);
        }

        Assert.Contains("9", await TitleAsync(await UploadAsync(reporter, url, PhotoFixtures.Png(8, 8), "第十张.png", ct), HttpStatusCode.Conflict, ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await reporter.DeleteAsync($"/api/photos/{bare.Id}", ct)).StatusCode);
        Assert.Equal(8, (await office.GetFromJsonAsync<List<PhotoDto>>($"/api/projects/{project.Id}/photos", ct))!.Count);
    }

    [Fact]
    public async Task The_bulletin_shows_the_latest_photo_of_a_lagging_project()
    {
        var app = await apps.GetAsync(DatabaseProvider.Sqlite);
        var ct = TestContext.Current.CancellationToken;
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var report = await BulletinReport.LoadAsync(db, new BulletinQuery(2023, 11), clock, ct);
        var lagging = report.Lagging[^1];
        var project = await db.Set<KeyProject>().AsNoTracking().SingleAsync(p => p.Code == lagging.Code, ct);
        ProgressPhoto Photo(int month, byte marker) => new()
        {
            KeyProjectId = project.Id,
            UnitId = project.UnitId,
            Year = 2023,
            Month = month,
            FileName = "现场.jpg",
            ContentType = "image/jpeg",
            Content = [0xFF, 0xD8, 0xFF, marker],
            Thumbnail = [0xFF, 0xD8, 0xFF, marker],
            Size = 4,
            Flags = PhotoFlags.NoExif,
            UploadedAtUtc = new DateTime(2023, 12, 1, 0, 0, 0, DateTimeKind.Utc),
        };

        // October's is the latest up to November; December's is after the bulletin's month.
        db.AddRange(Photo(9, 1), Photo(10, 2), Photo(12, 3));
        await db.SaveChangesAsync(ct);
        try
        {
            var photo = Assert.Single(await BulletinPhotos.ForLaggingAsync(db, report, ct));
            Assert.Equal((lagging.Code, 10, (byte)2), (photo.Code, photo.Month, photo.Thumbnail[3]));
        }
        finally
        {
            // Demo projects are shared: their photos must not stay for other classes.
            db.RemoveRange(await db.Set<ProgressPhoto>().Where(p => p.KeyProjectId == project.Id && p.Year == 2023).ToListAsync(ct));
            await db.SaveChangesAsync(ct);
        }
    }

    private static KeyProjectInput Input(string code, int unitId, double? lat, double? lon) => new(
        code, $"项目一张图测试 {code}", unitId, null, ProjectCategory.Infrastructure, ProjectStage.UnderConstruction, null, ChainLink.None, "安岳县城区",
        100_000_000, null, null, null, null, null, null, 0, lat, lon);

    private static async Task<KeyProjectDto> CreateAsync(HttpClient office, string code, int unitId, double lat, double lon)
    {
        var ct = TestContext.Current.CancellationToken;
        var created = await office.PostAsJsonAsync("/api/projects", Input(code, unitId, lat, lon), ct);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(ct));
        return (await created.Content.ReadFromJsonAsync<KeyProjectDto>(ct))!;
    }

    private static async Task<int> UnitIdAsync(TestApp app, string code)
    {
        using var scope = app.SystemScope();
        return await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<Unit>().Where(u => u.Code == code).Select(u => u.Id).SingleAsync(TestContext.Current.CancellationToken);
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, string url, byte[] content, string name, CancellationToken ct)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", name);
        return client.PostAsync(url, form, ct);
    }

    private static async Task<PhotoDto> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(ct));
        return (await response.Content.ReadFromJsonAsync<PhotoDto>(ct))!;
    }

    private static async Task<string> TitleAsync(HttpResponseMessage response, HttpStatusCode expected, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("title").GetString() ?? "";
    }
}
