"""kaleido's private tab methods that partnership/export/figures.py (the persistent browser) overrides and calls.

PersistentKaleido overrides `Kaleido._return_kaleido_tab(tab)` (called from kaleido's own `finally`
after each figure) and, to replace a broken tab, calls `_create_kaleido_tab()`, `close_tab(target_id)`,
puts tabs back on `tabs_ready` and counts them in `_total_tabs`. These tests fail when the pinned
kaleido no longer has that shape, instead of the export quietly reloading every tab or leaking them.
"""

from __future__ import annotations

import inspect

import kaleido

from partnership.export import figures


def test_the_overridden_method_is_still_kaleidos_and_still_called():
    method = kaleido.Kaleido._return_kaleido_tab
    assert inspect.iscoroutinefunction(method)
    assert list(inspect.signature(method).parameters) == ["self", "tab"]
    source = inspect.getsource(kaleido.Kaleido)
    assert "await self._return_kaleido_tab(" in source  # kaleido hands every used tab to it
    assert "self._total_tabs" in source and "self.tabs_ready" in source


def test_the_methods_the_persistent_browser_calls_keep_their_shape():
    create = kaleido.Kaleido._create_kaleido_tab
    assert inspect.iscoroutinefunction(create) and list(inspect.signature(create).parameters) == ["self"]
    close = kaleido.Kaleido.close_tab
    assert inspect.iscoroutinefunction(close) and list(inspect.signature(close).parameters) == ["self", "target_id"]
    create_tab = kaleido.Kaleido.create_tab
    assert "window" in inspect.signature(create_tab).parameters
    init = inspect.signature(kaleido.Kaleido.__init__).parameters
    assert {"n", "timeout", "mathjax"} <= set(init)


def test_the_persistent_browser_overrides_it():
    persistent = figures._kaleido_class()
    assert issubclass(persistent, kaleido.Kaleido)
    assert persistent._return_kaleido_tab is not kaleido.Kaleido._return_kaleido_tab
