// 项目一张图 (issue 21). Two kinds of element, both drawn with the vendored ECharts and the
// city's boundaries from /map/geo.json (vendored too: nothing is fetched from the internet):
// - [data-project-map]: the map of a month. data-map-src is the JSON of areas and points
//   (/api/map or /public/map.json); areas are coloured by their light, points by theirs and
//   sized by their annual plan; a click on a point opens the project. Selects with
//   data-map-filter="category" or "stage" inside the same [data-map-root] filter the points.
// - [data-map-picker]: in the project form, a click on the map writes the place into the
//   inputs named by data-lat-input and data-lon-input (typing there moves the point).
(function () {
    "use strict";
    var areaColors = { green: "#a5d6a7", yellow: "#f3dc8a", red: "#ef9a9a" };
    var pointColors = { green: "#2e7d32", yellow: "#d4a017", red: "#c62828" };
    var noData = "#dde3ea";
    var geoLoading = null;

    function base() {
        return document.baseURI.replace(/\/?$/, "/");
    }

    function json(url) {
        return fetch(base() + url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
            if (!r.ok) {
                throw new Error(url + " " + r.status);
            }
            return r.json();
        });
    }

    function cityReady(url) {
        if (!geoLoading) {
            geoLoading = Promise.all([window.BlueprintCharts.echartsReady(), json(url)]).then(function (both) {
                both[0].registerMap("blueprint-city", both[1]);
                return { echarts: both[0], geo: both[1] };
            });
        }
        return geoLoading;
    }

    function esc(text) {
        return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
            return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
        });
    }

    function wan(yuan) {
        return (yuan / 10000).toLocaleString(undefined, { maximumFractionDigits: 2 });
    }

    function percent(rate) {
        return rate == null ? "—" : (rate * 100).toFixed(1) + "%";
    }

    function geoBase(regions) {
        return {
            map: "blueprint-city",
            roam: true,
            scaleLimit: { min: 0.8, max: 16 },
            label: { show: true, fontSize: 11, color: "#333" },
            itemStyle: { areaColor: noData, borderColor: "#fff", borderWidth: 1.5 },
            emphasis: { label: { show: true }, itemStyle: { areaColor: "#c9d7ea" } },
            regions: regions || [],
            tooltip: { show: true },
        };
    }

    function renderMap(el) {
        el.setAttribute("data-map-ready", "loading");
        var root = el.closest("[data-map-root]") || el.parentElement;
        var label = function (name) { return el.getAttribute("data-label-" + name) || name; };
        Promise.all([cityReady(el.getAttribute("data-geo-src")), json(el.getAttribute("data-map-src"))]).then(function (loaded) {
            var echarts = loaded[0].echarts;
            var data = loaded[1];
            var filters = { category: "", stage: "" };
            var maxPlan = data.points.reduce(function (m, p) { return Math.max(m, p.plan); }, 1);
            var areas = {};
            data.areas.forEach(function (a) { areas[a.name] = a; });

            function points() {
                return data.points.filter(function (p) {
                    return (!filters.category || p.category === filters.category) && (!filters.stage || p.stage === filters.stage);
                }).map(function (p) {
                    return {
                        name: p.name, value: [p.lon, p.lat, p.plan], p: p,
                        itemStyle: { color: pointColors[p.light] || "#8a8f98", borderColor: "#fff", borderWidth: 1 },
                    };
                });
            }

            function tooltip(params) {
                if (params.componentType === "series" && params.data && params.data.p) {
                    var p = params.data.p;
                    return "<strong>" + esc(p.name) + "</strong><br>" + esc(label("unit")) + ": " + esc(p.unit)
                        + "<br>" + esc(label("plan")) + ": " + wan(p.plan) + " " + esc(label("wan"))
                        + "<br>" + esc(label("completed")) + ": " + wan(p.completed) + " " + esc(label("wan"))
                        + "<br>" + esc(label("rate")) + ": " + percent(p.rate);
                }
                var a = areas[params.name];
                if (!a) {
                    return esc(params.name);
                }
                return "<strong>" + esc(a.name) + "</strong>" + (a.units ? " (" + esc(a.units) + ")" : "")
                    + "<br>" + esc(label("plan")) + ": " + wan(a.plan) + " " + esc(label("wan"))
                    + "<br>" + esc(label("completed")) + ": " + wan(a.completed) + " " + esc(label("wan"))
                    + "<br>" + esc(label("rate")) + ": " + percent(a.rate) + " · " + esc(label("schedule")) + ": " + percent(data.schedule);
            }

            var regions = data.areas.map(function (a) {
                return { name: a.name, itemStyle: { areaColor: areaColors[a.light] || noData } };
            });
            var chart = echarts.init(el, null, { renderer: "canvas" });
            chart.setOption({
                animation: false,
                tooltip: { trigger: "item", confine: true, formatter: tooltip },
                geo: geoBase(regions),
                series: [{
                    type: "scatter", coordinateSystem: "geo", data: points(),
                    symbolSize: function (v) { return 10 + (18 * Math.sqrt(Math.max(0, v[2]) / maxPlan)); },
                    emphasis: { scale: 1.4 },
                }],
            });
            chart.on("click", function (params) {
                if (params.componentType === "series" && params.data && params.data.p) {
                    window.location.href = base() + params.data.p.href;
                }
            });
            if (root) {
                root.querySelectorAll("[data-map-filter]").forEach(function (select) {
                    select.addEventListener("change", function () {
                        filters[select.getAttribute("data-map-filter")] = select.value;
                        chart.setOption({ series: [{ data: points() }] });
                        el.setAttribute("data-map-shown", String(points().length));
                    });
                });
            }
            window.addEventListener("resize", function () { chart.resize(); });
            el.setAttribute("data-map-areas", loaded[0].geo.features.map(function (f) { return f.properties.name; }).join("|"));
            el.setAttribute("data-map-shown", String(data.points.length));
            el.setAttribute("data-map-ready", "true");
        }).catch(function () {
            el.setAttribute("data-map-ready", "failed");
        });
    }

    function renderPicker(el) {
        el.setAttribute("data-map-ready", "loading");
        var lat = document.getElementById(el.getAttribute("data-lat-input"));
        var lon = document.getElementById(el.getAttribute("data-lon-input"));
        cityReady(el.getAttribute("data-geo-src")).then(function (loaded) {
            var chart = loaded.echarts.init(el, null, { renderer: "canvas" });
            function place() {
                var y = parseFloat(lat && lat.value);
                var x = parseFloat(lon && lon.value);
                return isFinite(x) && isFinite(y) ? [[x, y]] : [];
            }
            chart.setOption({
                animation: false,
                geo: geoBase([]),
                series: [{ type: "scatter", coordinateSystem: "geo", data: place(), symbolSize: 16, itemStyle: { color: "#1f4e8c" } }],
            });
            chart.getZr().on("click", function (e) {
                var at = chart.convertFromPixel({ geoIndex: 0 }, [e.offsetX, e.offsetY]);
                if (!at || !lat || !lon) {
                    return;
                }
                lon.value = at[0].toFixed(6);
                lat.value = at[1].toFixed(6);
                chart.setOption({ series: [{ data: place() }] });
            });
            [lat, lon].forEach(function (input) {
                if (input) {
                    input.addEventListener("change", function () { chart.setOption({ series: [{ data: place() }] }); });
                }
            });
            window.addEventListener("resize", function () { chart.resize(); });
            el.setAttribute("data-map-ready", "true");
        }).catch(function () {
            el.setAttribute("data-map-ready", "failed");
        });
    }

    function render() {
        document.querySelectorAll("[data-project-map]:not([data-map-ready])").forEach(renderMap);
        document.querySelectorAll("[data-map-picker]:not([data-map-ready])").forEach(renderPicker);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", render);
    } else {
        render();
    }
    if (window.Blazor && window.Blazor.addEventListener) {
        window.Blazor.addEventListener("enhancedload", render);
    }
})();
