"""ui.runtime.process_tuning: the start-up heap is frozen once per process, after a delay, and can be turned off."""

from __future__ import annotations

import importlib.util

from tests.conftest import run_python
from ui.runtime import process_tuning

SCRIPT = """
import gc, os, time
from ui.runtime import process_tuning
assert gc.get_freeze_count() == 0
first = process_tuning.freeze_startup_heap(delay_s=0.05)
second = process_tuning.freeze_startup_heap(delay_s=0.05)
time.sleep(0.5 if first else 0.1)
for thread_done in range(100):
    if gc.get_freeze_count() or not first:
        break
    time.sleep(0.1)
print(first, second, gc.get_freeze_count(), ",".join(map(str, gc.get_threshold())))
"""


def run(env_value: str | None, **extra: str) -> list[str]:
    return run_python(SCRIPT, extra | ({} if env_value is None else {"PARTNERSHIP_GC_FREEZE": env_value}))


def test_the_first_call_schedules_one_freeze_of_everything_imported():
    first, second, frozen, threshold = run(None)
    assert (first, second) == ("True", "False")
    assert threshold == "50000,20,10"  # collections 70× rarer once the start-up heap is out of their way
    assert int(frozen) > 50_000  # pandas, numpy, pyarrow, plotly, Babel (~87,000 here; a server adds Streamlit)


def test_it_can_be_turned_off():
    first, second, frozen, threshold = run("0")
    assert (first, second, frozen, threshold) == ("False", "False", "0", "700,10,10")


def test_the_threshold_can_be_set_back_to_pythons_default():
    *_, threshold = run(None, PARTNERSHIP_GC_THRESHOLD="700,10,10")
    assert threshold == "700,10,10"
    *_, threshold = run(None, PARTNERSHIP_GC_THRESHOLD="nonsense")
    assert threshold == "50000,20,10"


def test_the_modules_frozen_at_start_up_exist():
    """The freeze imports them by name: a renamed module must fail here, not on a server's timer thread."""
    missing = [name for name in process_tuning.FROZEN_MODULES if importlib.util.find_spec(name) is None]
    assert missing == []
