"""Run every benchmark script and collect one report: a markdown table for docs/performance.md.

A benchmark script is a bench/*.py file with a `if __name__ == "__main__":` block (helpers start with
"_", Streamlit apps such as the floor apps have no such block), run as a module (`python -m bench.<name>`);
bench/capacity.py runs twice, the second time as the failover measurement (`--replicas 2`: two replicas
behind nginx, one killed). They run one after another (they measure time: running them side by side would
measure each other), each with a time limit. From each script's output the last `RESULT {json}` line is
read, else its `ratio:` line.

    python -m bench.run_all                 # full size; rewrites the summary of docs/performance.md
    python -m bench.run_all --quick         # smoke size; prints the table, writes nothing
    python -m bench.run_all --only slider_latency --only cold_start
    python -m bench.run_all --skip "bench/capacity.py --replicas 2"   # without nginx
    python -m bench.run_all --only capacity              # bench/capacity.py: readers per replica (Locust)
    python -m bench.run_all --quick --json results.json   # what tests/test_bench_smoke.py does

Each script's full output is kept in artifacts/bench/<name>.log.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
# Runs of a script with arguments, after the plain runs: (script, its arguments).
EXTRA_RUNS = ((BENCH / "capacity.py", ("--replicas", "2")),)
PERFORMANCE_MD = ROOT / "docs" / "performance.md"
LOGS = ROOT / "artifacts" / "bench"  # each script's full output (artifacts/ is not committed)
START, END = "<!-- bench:summary:start -->", "<!-- bench:summary:end -->"
RATIO_LINE = re.compile(r"^ratio:\s*(?P<ratio>[-+0-9.naNinf]+)\s*×?", re.IGNORECASE)
TIMEOUT = {"quick": 300, "full": 900}


def bench_scripts() -> list[Path]:
    """Every runnable benchmark, in a stable order (run_all itself excluded)."""
    return [
        path
        for path in sorted(BENCH.glob("*.py"))
        if not path.name.startswith("_") and path.name != "run_all.py" and "__main__" in path.read_text(encoding="utf-8")
    ]


def bench_runs() -> list[tuple[Path, tuple[str, ...]]]:
    """Every run: each script without arguments, then EXTRA_RUNS."""
    return [(path, ()) for path in bench_scripts()] + [run for run in EXTRA_RUNS if run[0].exists()]


def run_name(path: Path, args: tuple[str, ...] = ()) -> str:
    """A run's name in the table, the JSON and --skip: the script's path, then its arguments."""
    return " ".join([str(path.relative_to(ROOT)), *args])


def parse_output(stdout: str) -> dict:
    """The script's result: its last RESULT line, else its last ratio: line, else {}."""
    result: dict = {}
    for line in stdout.splitlines():
        line = line.strip()
        if line.startswith("RESULT "):
            try:
                result = {**json.loads(line[len("RESULT ") :]), "ratio_line": result.get("ratio_line")}
            except json.JSONDecodeError:
                continue
        elif RATIO_LINE.match(line):
            result["ratio_line"] = line
            if "ratio" not in result:
                try:
                    result["ratio"] = float(RATIO_LINE.match(line)["ratio"])
                except ValueError:
                    pass
    return result


def run_script(path: Path, quick: bool, timeout: float, args: tuple[str, ...] = ()) -> dict:
    module = f"bench.{path.stem}"
    command = [sys.executable, "-m", module, *args, *(["--quick"] if quick else [])]
    started = time.perf_counter()
    try:
        completed = subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, timeout=timeout, env={**os.environ, "PYTHONUNBUFFERED": "1"}
        )
        returncode, stdout, stderr = completed.returncode, completed.stdout, completed.stderr
    except subprocess.TimeoutExpired as error:
        returncode = None
        stdout = error.stdout.decode() if isinstance(error.stdout, bytes) else (error.stdout or "")
        stderr = f"timed out after {timeout:.0f} s"
    seconds = time.perf_counter() - started
    LOGS.mkdir(parents=True, exist_ok=True)
    log_name = "-".join([path.stem, *(a.strip("-") for a in args)]) + ("-quick" if quick else "")
    (LOGS / f"{log_name}.log").write_text(stdout + "\n--- stderr ---\n" + stderr, encoding="utf-8")
    return {
        "script": run_name(path, args),
        "command": " ".join(["python -m", module, *args, *(["--quick"] if quick else [])]),
        "returncode": returncode,
        "seconds": round(seconds, 1),
        "result": parse_output(stdout),
        "stdout_tail": stdout.strip().splitlines()[-15:],
        "stderr_tail": stderr.strip().splitlines()[-15:],
    }


def _fmt_ratio(value) -> str:
    return "—" if value is None else f"{value:.3g}×"


def table(runs: list[dict]) -> str:
    lines = ["| script | measured | ratio | goal | met | exit | took |", "|---|---|---|---|---|---|---|"]
    for run in runs:
        result = run["result"]
        summary = (result.get("summary") or result.get("ratio_line") or "no result line").replace("|", "\\|")
        goal = result.get("goal")
        met = {True: "yes", False: "**no**"}.get(result.get("pass"), "—")
        exit_text = "timeout" if run["returncode"] is None else str(run["returncode"])
        lines.append(
            f"| `{run['script']}` | {summary} | {_fmt_ratio(result.get('ratio'))} | "
            f"{'≤ ' + format(goal, 'g') + '×' if goal is not None else '—'} | {met} | {exit_text} | {run['seconds']:.0f} s |"
        )
    return "\n".join(lines)


def context_line(quick: bool) -> str:
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    except OSError:
        commit = "?"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"Run {dt.datetime.now().strftime('%Y-%m-%d %H:%M')}, commit `{commit}`, {os.cpu_count()} CPU cores, "
        f"load average {load:.1f} at the start, Python {sys.version.split()[0]}{', --quick sizes' if quick else ''}. "
        f"Command: `python -m bench.run_all{' --quick' if quick else ''}`."
    )


def write_summary(markdown: str, path: Path = PERFORMANCE_MD) -> None:
    """Replace what is between the summary markers (added under '## Summary' if missing)."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    block = f"{START}\n{markdown}\n{END}"
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + block + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + f"\n\n## Summary\n\n{block}\n"
    path.write_text(text, encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="every script with --quick; nothing is written unless --write")
    parser.add_argument("--only", action="append", default=[], help="run only scripts whose name contains this (repeatable)")
    parser.add_argument("--skip", action="append", default=[], help="leave out this run, named as in the table (repeatable)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--write", action="store_true", help="write the summary into docs/performance.md even with --quick")
    parser.add_argument("--no-write", action="store_true", help="do not touch docs/performance.md")
    args = parser.parse_args(argv)

    chosen = [
        (path, extra)
        for path, extra in bench_runs()
        if (not args.only or any(part in path.name for part in args.only)) and run_name(path, extra) not in args.skip
    ]
    timeout = TIMEOUT["quick" if args.quick else "full"]
    runs = []
    for path, extra in chosen:
        print(f"→ {run_name(path, extra)}{' --quick' if args.quick else ''}", flush=True)
        run = run_script(path, args.quick, timeout, extra)
        runs.append(run)
        line = run["result"].get("ratio_line") or "(no ratio line)"
        print(f"  exit {run['returncode']} in {run['seconds']:.0f} s: {line}", flush=True)
        if run["returncode"] != 0:
            for text in run["stdout_tail"][-5:] + run["stderr_tail"][-10:]:
                print("  |", text)

    markdown = context_line(args.quick) + "\n\n" + table(runs)
    print("\n" + markdown)
    if args.json:
        args.json.write_text(json.dumps(runs, ensure_ascii=False, indent=2), encoding="utf-8")
    if (args.write or not args.quick) and not args.no_write and not args.only and not args.skip:
        write_summary(markdown)
        print(f"\nsummary written to {PERFORMANCE_MD.relative_to(ROOT)}")
    failed = [run["script"] for run in runs if run["returncode"] != 0 or "ratio" not in run["result"]]
    print(
        f"\n{len(runs) - len(failed)} of {len(runs)} scripts ran and reported a ratio"
        + (f"; failed: {', '.join(failed)}" if failed else "")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
