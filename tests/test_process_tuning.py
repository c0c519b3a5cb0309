"""ui.process_tuning: the start-up heap is frozen once per process, after a delay, and can be turned off."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

SCRIPT = """
import gc, os, time
from ui import process_tuning
assert gc.get_freeze_count() == 0
first = process_tuning.freeze_startup_heap(delay_s=0.05)
second = process_tuning.freeze_startup_heap(delay_s=0.05)
time.sleep(0.5 if first else 0.1)
for thread_done in range(100):
    if gc.get_freeze_count() or not first:
        break
    time.sleep(0.1)
print(first, second, gc.get_freeze_count())
"""


def run(env_value: str | None) -> list[str]:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    if env_value is not None:
        env["PARTNERSHIP_GC_FREEZE"] = env_value
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_the_first_call_schedules_one_freeze_of_everything_imported():
    first, second, frozen = run(None)
    assert (first, second) == ("True", "False")
    assert int(frozen) > 50_000  # pandas, numpy, pyarrow, plotly, Babel (~87,000 here; a server adds Streamlit)


def test_it_can_be_turned_off():
    first, second, frozen = run("0")
    assert (first, second, frozen) == ("False", "False", "0")
