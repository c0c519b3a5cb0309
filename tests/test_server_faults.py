"""Faults of a long life against a real server: a websocket cut mid-run, a burst of big uploads.

The faults are caused by bench/_fault_client.py (the protocol client of the benchmarks, in its own
process) against one `streamlit run` of the app on loopback; the server's memory is read from /proc.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from devtools.server import StreamlitServer
from tests.conftest import ROOT

CLIENT = ROOT / "bench" / "_fault_client.py"
LIMIT_MB = 20  # server.maxUploadSize in .streamlit/config.toml (docs/deploy.md says why)


@pytest.fixture(scope="module")
def server():
    app = StreamlitServer()
    app.wait_healthy(timeout=120)
    yield app
    app.close()


def cause(fault: str, url: str, *args: str) -> dict:
    done = subprocess.run([sys.executable, str(CLIENT), fault, url, *args], cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-2000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert "error" not in out, out
    return out


def test_a_reader_whose_websocket_drops_mid_run_gets_the_session_back_as_it_was(server):
    out = cause("reconnect", server.url)
    assert out["resumed_id"] == out["first_id"], "the reconnect resumed the same session"
    assert float(out["after"]) == out["moved"], "the page came back with the value the reader left"
    assert out["fresh"] is None or float(out["fresh"]) != out["moved"], "a new session does not know it (the control)"


def test_twenty_uploads_at_once_over_the_limit_are_refused_and_at_it_are_stored_with_memory_bounded(server):
    out = cause("uploads", server.url, "--count", "20", "--mb", "50", str(LIMIT_MB - 1), "--pid", str(server.pid))
    too_big, at_limit = out["phases"]
    # 50 MB: every one answered "File too large" (413) from its Content-Length, before its body is read.
    assert [a["status"] for a in too_big["answers"]] == [413] * 20, too_big["answers"]
    assert too_big["rss_peak"] - too_big["rss_before"] < 50, too_big
    # Just under the limit: every one stored; the server holds the files (20 × 19 MB) and little more.
    assert [a["status"] for a in at_limit["answers"]] == [204] * 20, at_limit["answers"]
    held = 20 * (LIMIT_MB - 1)
    assert at_limit["rss_peak"] - at_limit["rss_before"] < 2 * held, at_limit
    assert server.healthy()
