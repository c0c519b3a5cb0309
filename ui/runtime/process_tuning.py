"""Once per server process: keep Python's full garbage collections short while many sessions are open.

A full collection holds the GIL, so every session waits for it. Two settings keep it short:
`gc.freeze()` of the start-up heap (the imported libraries' 100,000+ objects, which never become garbage),
run once on a timer thread shortly after the first script run, and raised thresholds (`GC_THRESHOLD`):
a slider move's objects die by reference counting, so collecting less often frees the same memory.
PARTNERSHIP_GC_FREEZE=0 turns the freeze off, PARTNERSHIP_GC_THRESHOLD="700,10,10" restores Python's
thresholds (for an A/B). Measurements: docs/performance.md, "Server process settings".
"""

from __future__ import annotations

import gc
import importlib
import os
import threading

DELAY_S = 5.0
GC_THRESHOLD = (50_000, 20, 10)
# Imported before the freeze, so the modules of pages no one opened yet are frozen too. They are loaded
# by name on the timer thread, not imported here: app.py's first run does not wait for them.
FROZEN_MODULES = (
    "babel.numbers",
    "numpy",
    "pandas",
    "plotly.graph_objects",
    "pyarrow",
    "partnership.charts",
    "partnership.charts.scenarios",
    "partnership.scenarios",
)

_lock = threading.Lock()
_scheduled = False


def freeze_startup_heap(delay_s: float = DELAY_S) -> bool:
    """Schedule the one-time freeze (the first call does; later calls do nothing). True if scheduled now."""
    global _scheduled
    if os.environ.get("PARTNERSHIP_GC_FREEZE", "1") == "0":
        return False
    with _lock:
        if _scheduled:
            return False
        _scheduled = True
    timer = threading.Timer(delay_s, _freeze)
    timer.daemon = True
    timer.name = "partnership-gc-freeze"
    timer.start()
    return True


def _freeze() -> None:
    for name in FROZEN_MODULES:
        importlib.import_module(name)
    gc.collect()
    gc.freeze()
    gc.set_threshold(*gc_threshold())


def gc_threshold() -> tuple[int, ...]:
    """The collector's thresholds after the freeze: $PARTNERSHIP_GC_THRESHOLD ("a,b,c") or GC_THRESHOLD."""
    try:
        values = tuple(int(x) for x in os.environ["PARTNERSHIP_GC_THRESHOLD"].split(","))
    except (KeyError, ValueError):
        return GC_THRESHOLD
    return values if len(values) == 3 and values[0] > 0 else GC_THRESHOLD
