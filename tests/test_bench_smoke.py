"""CI smoke of the benchmarks: every bench script runs at --quick size, exits 0 and prints its ratio line.

No timing is asserted (CI machines differ); what is checked is that the scripts keep working. All of
them run once, through `python -m bench.run_all --quick --json ...`, which is itself under test here.
The browser benches need Chromium and the failover run (bench/capacity.py --replicas 2) needs nginx:
without them these tests skip, unless REQUIRE_BROWSER=1 (as in CI, .ci/run), which makes them fail.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench import run_all
from devtools.server import ROOT, find_chromium

pytestmark = pytest.mark.browser

SCRIPTS = [run_all.run_name(path, args) for path, args in run_all.bench_runs()]
FAILOVER = "bench/capacity.py --replicas 2"
NEEDS_NGINX = {FAILOVER}


def _missing(reason: str) -> None:
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def quick_runs(tmp_path_factory) -> dict[str, dict]:
    if find_chromium() is None:
        _missing("no Chromium found (apt-get install chromium)")
    command = [sys.executable, "-m", "bench.run_all", "--quick", "--json", str(tmp_path_factory.mktemp("bench") / "runs.json")]
    if shutil.which("nginx") is None and os.environ.get("REQUIRE_BROWSER") != "1":
        command += [f"--skip={script}" for script in NEEDS_NGINX]
    completed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=1800)
    runs = json.loads(Path(command[command.index("--json") + 1]).read_text(encoding="utf-8"))
    return {"_runner": {"returncode": completed.returncode, "stdout": completed.stdout}} | {run["script"]: run for run in runs}


def test_the_benchmarks_are_found():
    names = {Path(script).name for script in SCRIPTS}
    assert {"cold_start.py", "slider_latency.py", "overview_transfer.py", "capacity.py"} <= names
    assert FAILOVER in SCRIPTS  # the failover measurement: the same load tool through nginx, a replica killed
    # Streamlit apps, helpers and the locustfile (run by capacity.py) are not scripts to run.
    assert not names & {"floor_chart_app.py", "_harness.py", "run_all.py", "locust_streamlit.py"}


@pytest.mark.parametrize("script", SCRIPTS)
def test_quick_run_exits_0_with_a_ratio_line(quick_runs, script):
    if script in NEEDS_NGINX and shutil.which("nginx") is None:
        _missing("nginx is not installed (apt-get install nginx)")
    run = quick_runs[script]
    output = "\n".join(run["stdout_tail"] + run["stderr_tail"])
    if script in NEEDS_NGINX and run["returncode"] == 1 and run["result"].get("failover_ok") is False:
        # The failover verdict (readers of the killed replica moving their chart again on the other one
        # before the window ends) is reported, not gated, at smoke size: with 2 readers on a loaded 2-core
        # machine a reconnect can outlast the run. What it once caught was a real bug (the other replica dropped
        # their fragment reruns; fixed by ui/runtime/session_failover.py): a move that fails after its session
        # reconnected is an unexpected error, and those, stickiness and replica B are gated here.
        result = run["result"]
        assert result["sticky"] == result["sessions_seen"] and result["errors"] == 0, output
        assert result["b_undisturbed"] == result["on_b"], output
    else:
        assert run["returncode"] == 0, f"{script} --quick exited {run['returncode']}:\n{output}"
    assert run["result"].get("ratio_line", "").startswith("ratio:"), f"{script} printed no 'ratio:' line:\n{output}"
    assert isinstance(run["result"].get("ratio"), float), f"{script}: no numeric ratio in\n{output}"


def test_run_all_prints_one_table(quick_runs):
    runner = quick_runs["_runner"]
    assert "| script | measured | ratio | goal | met | exit | took |" in runner["stdout"]
    for script in (s for s in SCRIPTS if s in quick_runs):
        assert f"| `{script}` |" in runner["stdout"]


def test_parse_output_reads_result_or_ratio_line():
    parsed = run_all.parse_output('x\nratio: 1.25× (goal ≤ 1.5×, met) — y\nRESULT {"name": "n", "ratio": 1.25, "goal": 1.5}\n')
    assert parsed["ratio"] == 1.25 and parsed["goal"] == 1.5 and parsed["ratio_line"].startswith("ratio: 1.25")
    assert run_all.parse_output("ratio: 0.8x fast\n")["ratio"] == 0.8
    assert run_all.parse_output("no result\n") == {}


def test_write_summary_replaces_only_the_marked_block(tmp_path):
    doc = tmp_path / "performance.md"
    doc.write_text(
        f"# P\n\nintro\n\n## Summary\n\n{run_all.START}\nold\n{run_all.END}\n\n## Other section\nkept\n", encoding="utf-8"
    )
    run_all.write_summary("| new |", doc)
    text = doc.read_text(encoding="utf-8")
    assert "old" not in text and "| new |" in text and "## Other section\nkept" in text and text.count(run_all.START) == 1


def test_capacity_quick_moves_readers_over_the_protocol(quick_runs):
    """bench/capacity.py --quick: Locust readers opened the page over the websocket and moved its slider,
    every move answered with the chart, no errors; the load generator's own CPU is reported."""
    run = quick_runs["bench/capacity.py"]
    result = run["result"]
    output = "\n".join(run["stdout_tail"] + run["stderr_tail"])
    assert result.get("sessions") == 3 and result.get("moves", 0) > 0, output
    assert result.get("errors") == 0, output
    # Latency is measured to the chart's own delta (its element id ends with "-scenario_chart"): if the
    # chart stops arriving under that key, the figure would silently become "until script_finished".
    assert result.get("moves_without_chart") == 0, output
    assert result["p95_ms"] > 0 and result["single_p95_ms"] > 0, output
    assert isinstance(result.get("generator_cpu_share"), float), output
    assert " … errors 0" in result["ratio_line"], output


def test_failover_quick_kills_a_replica_behind_the_proxy(quick_runs):
    """bench/capacity.py --replicas 2 --quick: readers through nginx on both replicas, each on one replica
    until A is killed (the proxy's log), B's readers undisturbed, no error but the moves in flight on A."""
    if shutil.which("nginx") is None:
        _missing("nginx is not installed (apt-get install nginx)")
    run = quick_runs[FAILOVER]
    result = run["result"]
    output = "\n".join(run["stdout_tail"] + run["stderr_tail"])
    assert result.get("on_a", 0) > 0 and result.get("on_b", 0) > 0, output
    assert result["sticky"] == result["sessions_seen"] == result["sessions"], output
    assert result["b_undisturbed"] == result["on_b"] and result["errors"] == 0, output
    assert isinstance(result.get("failover_ok"), bool), output


def test_soak_quick_samples_the_server_while_readers_come_and_go(quick_runs):
    """bench/soak.py --quick: readers opened and closed sessions, the server was sampled from /proc and from
    inside its runtime (sessions counted by Streamlit), and nothing failed."""
    run = quick_runs["bench/soak.py"]
    result = run["result"]
    output = "\n".join(run["stdout_tail"] + run["stderr_tail"])
    assert result.get("errors") == 0 and result.get("visits", 0) >= 2 and result.get("moves", 0) > 0, output
    assert result["tables"] > 0, output  # a table was downloaded through its deferred button
    assert isinstance(result.get("sessions_end"), int) and result["sessions_end"] > 0, output  # the runtime's own count
    assert result["fds_end"] > 0 and result["threads_end"] > 0 and result["zombies_max"] == 0, output
    assert result["threads_level_early"] > 0 and result["threads_level_end"] > 0 and result["fds_level_end"] > 0, output
    assert result["p95_settled_ms"] == result["p95_settled_ms"], output  # a number: moves after the first window
