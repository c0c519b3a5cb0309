"""Once per server process: keep Python's full garbage collections short while many sessions are open.

A Streamlit server holds every imported module (Streamlit, pandas, pyarrow, plotly, Babel, …) for its
whole life: over 100,000 objects the collector tracks (counted with this app's imports) that never
become garbage. Python's oldest-generation collection walks all of them every time it runs, holding
the GIL, so every session waits. `gc.freeze()`
moves the objects alive at that moment out of the collector's sight (they are still freed by reference
counting if they ever die); collections then walk only what sessions created. Measured in
docs/performance.md.

The freeze runs once, shortly after the first script run started, on a timer thread: by then the
heavy modules are imported, and the first visitor's page is not held up by the one collection it
costs. PARTNERSHIP_GC_FREEZE=0 turns it off (to measure the difference).

With the freeze the collector's thresholds are raised (`GC_THRESHOLD`): Python starts a young
collection after every 700 net allocations of container objects, and every 100th or so becomes a full
one, which walks every object the open sessions hold (≈ 3,000 per session here: widget metadata,
pandas blocks and their weak references) while every session waits. A slider move allocates tens of
thousands of objects that almost all die by reference counting, not by the collector, so collecting
70× less often frees the same memory: with 100 sessions moving sliders, full collections went from 6
a minute (up to 2.2 s each on a busy machine) to none, server CPU per move from 86 to 54 ms, memory per
session unchanged (bench/capacity.py A/B, docs/performance.md). PARTNERSHIP_GC_THRESHOLD="700,10,10"
restores Python's default.
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
