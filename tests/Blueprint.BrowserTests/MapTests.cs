using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SkiaSharp;
using Xunit;

namespace Blueprint.BrowserTests;

/// <summary>
/// 项目一张图 on a phone (issue 21): a county's reporter adds a site photo to a month, opens the
/// cockpit's map with no request leaving the app (the boundaries and ECharts are vendored), taps the
/// project's point and sees the photo on the project's page.
/// </summary>
public sealed class MapTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task On_a_phone_the_map_loads_offline_and_a_tapped_project_shows_its_site_photos()
    {
        BrowserFixture.RequireChromium();
        var page = await browser.NewPageAsync(width: 375, height: 812);
        var origin = browser.Server.BaseAddress.GetLeftPart(UriPartial.Authority);
        var outside = new List<string>();
        await page.Context.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url.StartsWith(origin, StringComparison.Ordinal) || route.Request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                await route.ContinueAsync();
                return;
            }

            outside.Add(route.Request.Url);
            await route.AbortAsync();
        });
        await page.GotoAsync("/cockpit");
        await BrowserFixture.SignInAsync(page, "anyue.reporter");
        if (!page.Url.Contains("/cockpit", StringComparison.Ordinal))
        {
            await page.GotoAsync("/cockpit");
        }

        // Every county of the city has its shape, from the app's own files.
        var map = page.Locator("#cockpit-map-canvas");
        await Assertions.Expect(map).ToHaveAttributeAsync("data-map-ready", "true");
        Assert.Equal(["乐至县", "安岳县", "雁江区"], (await map.GetAttributeAsync("data-map-areas"))!.Split('|').Order(StringComparer.Ordinal));
        Assert.True(int.Parse((await map.GetAttributeAsync("data-map-shown"))!, System.Globalization.CultureInfo.InvariantCulture) > 0, "安岳's projects are on the map");

        // The point drawn last (on top) is the project we photograph.
        var point = await page.EvaluateAsync<JsonPoint>("""
            () => {
                const chart = echarts.getInstanceByDom(document.getElementById("cockpit-map-canvas"));
                const data = chart.getOption().series[0].data;
                const p = data[data.length - 1].p;
                return { id: p.id, lat: p.lat, lon: p.lon };
            }
            """);

        await page.GotoAsync($"/progress/{point.Id}/2100/3");
        var png = Picture();
        await page.Locator("#photo-file").SetInputFilesAsync(new FilePayload { Name = "现场.png", MimeType = "image/png", Buffer = png });
        await page.Locator("#photo-upload").ClickAsync();
        await Assertions.Expect(page.Locator("#progress-done")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#report-photo-list [data-flag=no-exif]")).ToHaveCountAsync(1);
        await BrowserFixture.ScreenshotAsync(page, "86-report-photos-phone-zh");

        await page.GotoAsync("/cockpit");
        await Assertions.Expect(map).ToHaveAttributeAsync("data-map-ready", "true");
        await map.ScrollIntoViewIfNeededAsync();
        await BrowserFixture.ScreenshotAsync(page, "85-cockpit-map-phone-zh");
        var at = await page.EvaluateAsync<double[]>("""
            ([lon, lat]) => {
                const el = document.getElementById("cockpit-map-canvas");
                const xy = echarts.getInstanceByDom(el).convertToPixel({ geoIndex: 0 }, [lon, lat]);
                const box = el.getBoundingClientRect();
                return [box.left + xy[0], box.top + xy[1]];
            }
            """, new[] { point.Lon, point.Lat });
        await page.Mouse.ClickAsync((float)at[0], (float)at[1]);
        await page.WaitForURLAsync(new Regex($"/projects/{point.Id}$"));
        var photos = page.Locator("#project-photos [data-month='2100-03'] img");
        await Assertions.Expect(photos).ToHaveCountAsync(1);
        await photos.ScrollIntoViewIfNeededAsync();
        await page.WaitForFunctionAsync("() => { const img = document.querySelector(\"#project-photos [data-month='2100-03'] img\"); return img && img.complete && img.naturalWidth > 0; }");
        await BrowserFixture.ScreenshotAsync(page, "87-project-photos-phone-zh");

        Assert.False(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth"), "the project page scrolls sideways at 375 px");

        // On the project form a click on the map sets the place (the reporter edits its own unit's project).
        await page.GotoAsync($"/projects/{point.Id}/edit");
        var picker = page.Locator("#place-picker");
        await Assertions.Expect(picker).ToHaveAttributeAsync("data-map-ready", "true");
        var before = await page.Locator("#f-lat").InputValueAsync();
        await picker.ScrollIntoViewIfNeededAsync();
        var box = (await picker.BoundingBoxAsync())!;
        await page.Mouse.ClickAsync(box.X + (box.Width / 2) + 7, box.Y + (box.Height / 2) + 5);
        await Assertions.Expect(page.Locator("#f-lat")).Not.ToHaveValueAsync(before);
        Assert.Matches(@"^\d+\.\d{6}$", await page.Locator("#f-lon").InputValueAsync());
        await BrowserFixture.ScreenshotAsync(page, "88-project-place-picker-phone-zh");
        Assert.Empty(outside);
    }

    private static byte[] Picture()
    {
        using var bitmap = new SKBitmap(120, 90);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(0x5b, 0x8c, 0x3e));
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 90);
        return data.ToArray();
    }

    private sealed class JsonPoint
    {
        public int Id { get; set; }

        public double Lat { get; set; }

        public double Lon { get; set; }
    }
}
