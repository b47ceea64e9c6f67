// ECharts (vendored under lib/echarts) is loaded once, by whichever chart or map asks first
// (charts.js comes before map.js on every page): BlueprintCharts.echartsReady() resolves to it.
// A chart whose data holds nothing to draw says so in words (the page's <meta name="chart-empty">,
// 暂无数据 / No data) instead of showing empty axes. Both chart scripts below ask first.
window.BlueprintCharts = {
    echartsReady: (function () {
        "use strict";
        var loading = null;
        return function () {
            if (window.echarts) {
                return Promise.resolve(window.echarts);
            }
            if (!loading) {
                loading = new Promise(function (resolve, reject) {
                    var script = document.createElement("script");
                    script.src = document.baseURI.replace(/\/?$/, "/") + "lib/echarts/echarts.min.js";
                    script.addEventListener("load", function () { resolve(window.echarts); });
                    script.addEventListener("error", function (e) { loading = null; reject(e); });
                    document.head.appendChild(script);
                });
            }
            return loading;
        };
    })(),
    showEmpty: function (el, data) {
        "use strict";
        var some = function (values) { return (values || []).some(function (v) { return v != null; }); };
        var hasData = !data ? false
            : Array.isArray(data.steps) ? data.steps.some(function (s) { return s.value > 0; })
            : Array.isArray(data.units) && data.units.length === 0 ? false
            : Array.isArray(data.labels) && data.labels.length === 0 ? false
            : Array.isArray(data.values) ? some(data.values)
            : Array.isArray(data.series) ? data.series.some(function (s) { return some(s.values); })
            : true;
        if (hasData) {
            return false;
        }
        var meta = document.querySelector('meta[name="chart-empty"]');
        var text = document.createElement("p");
        text.className = "chart-empty-text";
        text.textContent = meta ? meta.getAttribute("content") : "—";
        el.classList.add("chart-empty");
        el.replaceChildren(text);
        el.setAttribute("data-chart-ready", "true");
        return true;
    },
};

// Charts from server data: an element with data-chart="schedule" and its series in
// data-chart-data (JSON) becomes an Apache ECharts line chart. ECharts (vendored under
// lib/echarts) is loaded only on pages that have a chart; Blazor's enhanced navigation swaps
// pages without reloading scripts, so we look again after each of its page loads.
(function () {
    "use strict";
    function scheduleOption(el, data) {
        var format = el.getAttribute("data-month-format") || "{0}";
        var colors = ["#1f4e8c", "#b42318"];
        return {
            animation: false,
            color: colors,
            grid: { left: 48, right: 16, top: 40, bottom: 32 },
            legend: { top: 0 },
            tooltip: { trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : v.toFixed(1) + "%"; } },
            xAxis: { type: "category", data: data.months.map(function (m) { return format.replace("{0}", m); }) },
            yAxis: { type: "value", min: 0, axisLabel: { formatter: "{value}%" } },
            series: data.series.map(function (s, i) {
                return {
                    name: s.name,
                    type: "line",
                    data: s.values,
                    symbolSize: i === 0 ? 7 : 0,
                    lineStyle: i === 0 ? { width: 3 } : { width: 2, type: "dashed" },
                    areaStyle: i === 0 ? { opacity: 0.08 } : undefined,
                };
            }),
        };
    }

    // An indicator: actual, schedule (what was due) and forecast, in the indicator's own measure.
    function indicatorOption(el, data) {
        var format = el.getAttribute("data-period-format") || "{0}";
        return {
            animation: false,
            color: ["#1f4e8c", "#8a8f98", "#b26b00"],
            grid: { left: 56, right: 16, top: 40, bottom: 32 },
            legend: { top: 0 },
            tooltip: { trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : String(v); } },
            xAxis: { type: "category", data: data.periods.map(function (p) { return format.replace("{0}", p); }) },
            yAxis: { type: "value", scale: true },
            series: data.series.map(function (s, i) {
                return {
                    name: s.name, type: "line", data: s.values, connectNulls: i === 0,
                    symbolSize: i === 0 ? 7 : 0,
                    lineStyle: i === 0 ? { width: 3 } : { width: 2, type: i === 1 ? "dashed" : "dotted" },
                };
            }),
        };
    }

    // Per unit, the percent of its targets green / yellow / red (stacked bars, 100 % each).
    function unitLightsOption(el, data) {
        var colors = { green: "#2e7d32", yellow: "#d4a017", red: "#c62828" };
        return {
            animation: false,
            grid: { left: 96, right: 16, top: 40, bottom: 24 },
            legend: { top: 0 },
            tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: function (v) { return v == null ? "—" : v.toFixed(1) + "%"; } },
            xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
            yAxis: { type: "category", data: data.units, inverse: true },
            series: data.series.map(function (s) {
                return { name: s.name, type: "bar", stack: "lights", data: s.values, itemStyle: { color: colors[s.light] } };
            }),
        };
    }

    function optionFor(el, data) {
        switch (el.getAttribute("data-chart")) {
            case "indicator": return indicatorOption(el, data);
            case "unit-lights": return unitLightsOption(el, data);
            default: return scheduleOption(el, data);
        }
    }

    function render() {
        var elements = Array.prototype.filter.call(document.querySelectorAll("[data-chart]:not([data-chart-ready])"), function (el) {
            return !window.BlueprintCharts.showEmpty(el, JSON.parse(el.getAttribute("data-chart-data")));
        });
        if (elements.length === 0) {
            return;
        }
        window.BlueprintCharts.echartsReady().then(function (echarts) {
            elements.forEach(function (el) {
                var data = JSON.parse(el.getAttribute("data-chart-data"));
                var chart = echarts.init(el, null, { renderer: "canvas" });
                chart.setOption(optionFor(el, data));
                el.setAttribute("data-chart-ready", "true");
                window.addEventListener("resize", function () { chart.resize(); });
            });
        });
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

// Cockpit charts (appended): elements with data-cockpit-chart="bars" (completion rate per
// row with the 序时进度 line) or "funnel" (projects per funnel step). They use their own
// attribute so the schedule chart above does not take them; ECharts is the same vendored copy,
// loaded once whichever script asks first.
(function () {
    "use strict";
    var colors = { green: "#2e7d32", yellow: "#d4a017", red: "#c62828" };

    function barsOption(data) {
        return {
            animation: false,
            grid: { left: 8, right: 56, top: 36, bottom: 8, containLabel: true },
            // No legend: each bar takes its light's colour, which one legend swatch could not match.
            legend: { show: false },
            tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: function (v) { return v == null ? "—" : v.toFixed(1) + "%"; } },
            xAxis: { type: "value", min: 0, axisLabel: { formatter: "{value}%" } },
            yAxis: { type: "category", data: data.labels, inverse: true },
            series: [{
                name: data.name,
                type: "bar",
                data: data.values.map(function (v, i) { return { value: v, itemStyle: { color: colors[data.lights[i]] || "#1f4e8c" } }; }),
                label: { show: true, position: "right", formatter: function (p) { return p.value == null ? "—" : p.value.toFixed(1) + "%"; } },
                markLine: data.schedule == null ? undefined : {
                    symbol: "none",
                    // Above the bars, level, so that it never lies over a bar's own value.
                    label: { position: "end", formatter: data.scheduleName + " {c}%", color: "#b42318" },
                    lineStyle: { type: "dashed", color: "#b42318" },
                    data: [{ xAxis: data.schedule }],
                },
            }],
        };
    }

    function funnelOption(data) {
        return {
            animation: false,
            color: ["#1f4e8c", "#3b6fb6", "#6f9bd1", "#a9c4e8"],
            tooltip: { trigger: "item" },
            series: [{
                type: "funnel", sort: "none", left: "10%", width: "80%", top: 8, bottom: 8, minSize: "20%",
                label: { show: true, position: "inside", formatter: "{b} {c}", color: "#fff" },
                data: data.steps,
            }],
        };
    }

    function render() {
        var elements = Array.prototype.filter.call(document.querySelectorAll("[data-cockpit-chart]:not([data-chart-ready])"), function (el) {
            return !window.BlueprintCharts.showEmpty(el, JSON.parse(el.getAttribute("data-chart-data")));
        });
        if (elements.length === 0) {
            return;
        }
        window.BlueprintCharts.echartsReady().then(function (echarts) {
            elements.forEach(function (el) {
                if (el.hasAttribute("data-chart-ready")) {
                    return;
                }
                var data = JSON.parse(el.getAttribute("data-chart-data"));
                var chart = echarts.init(el, null, { renderer: "canvas" });
                chart.setOption(el.getAttribute("data-cockpit-chart") === "funnel" ? funnelOption(data) : barsOption(data));
                el.setAttribute("data-chart-ready", "true");
                window.addEventListener("resize", function () { chart.resize(); });
            });
        });
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
