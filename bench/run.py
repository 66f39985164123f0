"""The whole benchmark: generate, load, compare, report (not part of the test suite).

    .venv/bin/python bench/run.py            # scales 1 and 10, PostgreSQL then SQLite, 15 s per page
    .venv/bin/python bench/run.py --quick    # scale 1 only, 5 s per page: a few minutes

`make bench` / `make bench QUICK=1` call it. For each database and scale it generates the
company (bench/generate.py), then runs the load on each server set-up (bench/load.py): on
PostgreSQL both set-ups (ASGI and WSGI, compared), on SQLite the production one (gunicorn;
the ASGI set-up's connection pool is PostgreSQL's). Writes
bench/results/<date>[-quick].json and .md (and latest.json / latest.md), with every page's
requests/s, its fraction of the floor, p50/p95/p99 latency, errors, SQL queries per
request, the 10×/1× p50 ratio, and which targets are met.
"""

import argparse
import json
import math
import os
import platform
import subprocess
import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import RESULTS, ROOT, WORK, ensure_services, manifest_path  # noqa: E402

PY = str(ROOT / ".venv" / "bin" / "python")
FLOOR = "floor (bare view)"
WRITE = "support / withdraw"
TARGETS = {"read_floor_ratio": 0.40, "read_p95_ms": 150, "write_floor_ratio": 0.25, "growth_p50": 1.5}


def sh(*args: str) -> None:
    print("$", " ".join(args), flush=True)
    subprocess.run(args, cwd=ROOT, check=True)


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, {platform.system()} {platform.release()}"


def postgres_version() -> str:
    try:
        import psycopg

        from bench.common import database_url

        with psycopg.connect(database_url("pg", 1).replace("postgres://", "postgresql://", 1)) as connection:
            return connection.execute("SHOW server_version").fetchone()[0]
    except Exception:  # noqa: BLE001 - only a label in the report
        return "?"


def evaluate(result: dict) -> dict:
    """Targets, per server set-up, at the largest scale (and growth from the smallest)."""
    scales = sorted(result["runs"], key=float)
    top, low = result["runs"][scales[-1]], result["runs"][scales[0]]
    verdict = {}
    for kind, server in top["servers"].items():
        checks = []
        for name, row in server["pages"].items():
            if name == FLOOR:
                continue
            if "missing" in row:
                checks.append({"page": name, "target": "exists", "met": False, "figure": row["missing"]})
                continue
            if name == WRITE:
                checks.append({"page": name, "target": f"≥ {TARGETS['write_floor_ratio']:.0%} of the floor",
                               "met": row["floor_ratio"] >= TARGETS["write_floor_ratio"],
                               "figure": f"{row['floor_ratio']:.0%}"})
                checks.append({"page": name, "target": "zero errors", "met": row["errors"] == 0,
                               "figure": str(row["errors"])})
            else:
                checks.append({"page": name, "target": f"≥ {TARGETS['read_floor_ratio']:.0%} of the floor",
                               "met": row["floor_ratio"] >= TARGETS["read_floor_ratio"],
                               "figure": f"{row['floor_ratio']:.0%}"})
                checks.append({"page": name, "target": f"p95 < {TARGETS['read_p95_ms']} ms",
                               "met": row["p95_ms"] < TARGETS["read_p95_ms"], "figure": f"{row['p95_ms']} ms"})
            if len(scales) > 1:
                before = low["queries"].get(name)
                checks.append({"page": name, "target": "same queries at every scale",
                               "met": before == top["queries"].get(name),
                               "figure": f"{before} → {top['queries'].get(name)}"})
                growth = row.get("growth_p50")
                if growth is not None:
                    checks.append({"page": name, "target": f"{scales[-1]}×/{scales[0]}× p50 ≤ {TARGETS['growth_p50']}",
                                   "met": growth <= TARGETS["growth_p50"], "figure": f"{growth:.2f}"})
        verdict[kind] = checks
    return verdict


def add_growth(result: dict) -> None:
    scales = sorted(result["runs"], key=float)
    if len(scales) < 2:
        return
    low, top = result["runs"][scales[0]], result["runs"][scales[-1]]
    for kind, server in top["servers"].items():
        for name, row in server["pages"].items():
            before = low["servers"].get(kind, {}).get("pages", {}).get(name, {})
            if "p50_ms" in row and before.get("p50_ms"):
                row["growth_p50"] = round(row["p50_ms"] / before["p50_ms"], 2)


def choose_server(result: dict) -> str | None:
    """The set-up with the higher geometric mean of throughput over the pages, largest scale."""
    top = result["runs"][sorted(result["runs"], key=float)[-1]]
    best, best_score = None, -1.0
    for kind, server in top["servers"].items():
        rates = [row["rps"] for row in server["pages"].values() if row.get("rps")]
        score = math.exp(sum(math.log(rate) for rate in rates) / len(rates)) if rates else 0
        server["geometric_mean_rps"] = round(score, 1)
        if score > best_score:
            best, best_score = kind, score
    return best


DATABASE_LABELS = {"pg": "PostgreSQL", "sqlite": "SQLite"}


def markdown(result: dict) -> str:
    start_load = result.get("load_average_start")
    lines = [f"Load run of {result['date']} on {result['machine']}; PostgreSQL {result['postgres']}, "
             f"Redis cache and channel layer; `wrk`, one thread, {result['connections']} connections "
             f"(16 people at once, 400 distinct sessions, 64 API tokens), {result['duration_s']:g} s per page "
             f"after a warm-up, the floor measured again right before each page (its row: the median of those "
             f"runs). Load average at the start: "
             f"{' / '.join(f'{value:.2f}' for value in start_load) if start_load else '?'} (1, 5, 15 min); "
             f"each row's 1-minute load average is taken as it starts. Server CPU per request is the "
             f"server processes' own CPU time (/proc utime + stime) over the requests answered: it does not "
             f"depend on the machine's other work. gunicorn keeps each keep-alive connection on the worker that "
             f"accepted it, so the split of work between its two workers is recorded per row (workers' CPU "
             f"shares), not balanced."]
    for database, outcome in result["databases"].items():
        lines += ["", f"### {DATABASE_LABELS[database]}"]
        for scale in sorted(outcome["runs"], key=float):
            run = outcome["runs"][scale]
            manifest = run["manifest"]
            lines += ["", f"**Scale {scale}×** — {manifest['people']:,} people, {manifest['ideas']:,} ideas, "
                          f"{manifest['supports']:,} supports, {manifest['comments']:,} comments, "
                          f"{manifest['ledger_entries']:,} points entries; generated in {manifest['generated_in_s']} s; "
                          f"executive report computed ahead (4 periods × 2 languages) in {run.get('report_refresh_s', '?')} s."]
            for kind, server in run["servers"].items():
                growth = any("growth_p50" in row for row in server["pages"].values())
                # The floor's own ratio is the machine's drift between the two runs (it reads
                # no data): each page's ratio divided by it is its growth with the data.
                drift = server["pages"].get(FLOOR, {}).get("growth_p50")
                lines += ["", f"*{server['label']}*", ""]
                bare = server.get("bare")
                if bare:
                    lines += [f"Bare Django view (bench/bare.py, gunicorn, same workers): {bare['rps']:.1f} req/s, "
                              f"{bare['server_cpu_ms']} ms of server CPU per request; the floor beside it "
                              f"{bare['floor_rps']:.1f} req/s, **{bare['floor_share_of_bare']:.0%} of the bare view**.", ""]
                first = server.get("first_visits")
                if first:
                    lines += [f"First visits ({first['sessions']} fresh sessions, each writing its session on its "
                              f"first request, {first['connections']} at once, `{first['path']}`): slowest "
                              f"{first['max_ms']:.0f} ms, p50 {first['p50_ms']:.0f} ms, **{first['over_1s']} over "
                              f"a second**; answers {first['statuses']}.", ""]
                lines += ["| page | req/s | floor beside | × floor | server CPU ms/req | p50 ms | p95 ms | p99 ms "
                          "| errors | queries | workers' CPU split % | wrk % of a core | load 1 min |"
                          + (" 10×/1× p50 | ÷ floor's |" if growth else ""),
                          "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
                          + (" ---: | ---: |" if growth else "")]
                for name, row in server["pages"].items():
                    if "missing" in row:
                        lines.append(f"| {name} | missing: {row['missing']} |" + " |" * 11 + (" | |" if growth else ""))
                        continue
                    split = "/".join(str(share) for share in row.get("worker_split") or []) or "—"
                    beside = f"{row['floor_rps']:.1f}" if row.get("floor_rps") else (
                        f"median of {len(row['runs'])}" if row.get("runs") else "—")
                    load = row.get("load_average") or row.get("load_before")
                    load = load[0] if isinstance(load, list) else load
                    lines.append(
                        f"| {name} | {row['rps']:.1f} | {beside} | {row['floor_ratio']:.0%} "
                        f"| {row.get('server_cpu_ms') if row.get('server_cpu_ms') is not None else '—'} "
                        f"| {row['p50_ms']:.1f} | {row['p95_ms']:.1f} | {row['p99_ms']:.1f} | {row['errors']} "
                        f"| {row['queries']} | {split} | {row.get('wrk_cpu_percent', '—')} | {load} |"
                        + (f" {row['growth_p50']:.2f} | {row['growth_p50'] / drift:.2f} |"
                           if "growth_p50" in row and drift else (" — | — |" if growth else "")))
        if outcome.get("winner") and len(outcome["runs"][sorted(outcome["runs"], key=float)[-1]]["servers"]) > 1:
            lines += ["", f"Winner (geometric mean of req/s over the pages, largest scale): **{outcome['winner']}**."]
        for kind, checks in outcome.get("targets", {}).items():
            met = sum(check["met"] for check in checks)
            lines += ["", f"Targets on {DATABASE_LABELS[database]}, {kind}: {met} of {len(checks)} met.", ""]
            missed = [check for check in checks if not check["met"]]
            lines += [f"- missed: {check['page']}: {check['target']} ({check['figure']})" for check in missed] \
                or ["- all met"]
    return "\n".join(lines) + "\n"


def run_database(database: str, scales: list[float], servers: str, duration: float, warmup: float,
                 options: argparse.Namespace) -> dict:
    outcome = {"runs": {}}
    for scale in scales:
        output = WORK / f"load-{database}-{scale:g}.json"
        if options.reuse_results and output.exists():
            outcome["runs"][f"{scale:g}"] = json.loads(output.read_text())
            continue
        if not (options.reuse and manifest_path(database, scale).exists()):
            sh(PY, "bench/generate.py", "--database", database, "--scale", f"{scale:g}")
        sh(PY, "bench/load.py", "--database", database, "--scale", f"{scale:g}", "--servers", servers,
           "--duration", f"{duration:g}", "--warmup", f"{warmup:g}", "--output", str(output),
           *(["--pages", options.pages] if options.pages else []))
        outcome["runs"][f"{scale:g}"] = json.loads(output.read_text())
    add_growth(outcome)
    outcome["winner"] = choose_server(outcome)
    outcome["targets"] = evaluate(outcome)
    return outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="scale 1 only, 5 s per page")
    parser.add_argument("--scales", default=None, help="comma-separated, default 1,10 (quick: 1)")
    parser.add_argument("--databases", default="pg,sqlite", help="comma-separated: pg, sqlite (in this order)")
    parser.add_argument("--servers", default="asgi,wsgi", help="the set-ups compared on PostgreSQL")
    parser.add_argument("--sqlite-servers", default="wsgi", help="the set-ups run on SQLite")
    parser.add_argument("--duration", type=float, default=None, help="seconds per page (default 15, quick 5)")
    parser.add_argument("--reuse", action="store_true", help="reuse the generated databases when present")
    parser.add_argument("--reuse-results", action="store_true",
                        help="take the load figures of a scale from its last run when present (report again)")
    parser.add_argument("--pages", default="", help="only these pages (load.py --pages; \"floor\": the floor "
                                                     "and the bare view alone)")
    parser.add_argument("--from-json", type=Path, help="only print the Markdown report of a results file")
    options = parser.parse_args()
    if options.from_json:
        print(markdown(json.loads(options.from_json.read_text())))
        return
    scales = [float(s) for s in (options.scales or ("1" if options.quick else "1,10")).split(",")]
    duration = options.duration or (5 if options.quick else 15)
    warmup = 2 if options.quick else 4
    ensure_services(options.databases.split(","))
    WORK.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    now = datetime.now()
    result = {"date": now.strftime("%Y-%m-%d %H:%M"), "machine": machine(), "postgres": postgres_version(),
              "quick": options.quick, "duration_s": duration, "connections": 16, "databases": {},
              "load_average_start": os.getloadavg()}
    for database in options.databases.split(","):
        servers = options.servers if database == "pg" else options.sqlite_servers
        result["databases"][database] = run_database(database, scales, servers, duration, warmup, options)
    stem = now.strftime("%Y-%m-%d") + ("-quick" if options.quick else "")
    text = markdown(result)
    for name in (stem, "latest-quick" if options.quick else "latest"):
        (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=1, ensure_ascii=False))
        (RESULTS / f"{name}.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
