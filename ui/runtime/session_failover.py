"""After a replica dies, its readers' sliders must work on the replica they reconnect to.

Behind a proxy (docs/deploy.md) a browser whose replica died reconnects to another one, which starts
a new session for it but has never run its page. The page is still on screen, so the reader's next
slider move asks for a rerun of the *fragment* the slider lives in (the Scenarios page's sliders are in
st.fragment). Streamlit 1.67 silently ignores a fragment rerun for a fragment the session does not hold,
so every move would be dropped: the slider moves, the chart never does (`python -m bench.capacity
--replicas 2` kills a replica and checks that its readers' charts still redraw).

`install()` wraps AppSession.request_rerun: a fragment rerun in a session that has never been asked
for a full run becomes a full run with the same widget states (what a fresh session needs anyway).
Every other request is passed on unchanged. Idempotent; a no-op (with a warning) if Streamlit's
internals differ from the version this was written for. Relies on (pinned by
tests/ui/runtime/test_session_failover.py): AppSession.request_rerun(self, client_state),
AppSession.has_fragment(self, fragment_id) and ClientState's `fragment_id` field.
"""

from __future__ import annotations

import logging

_MARK = "__partnership_failover__"
_SEEN = "_partnership_full_run_requested"
_log = logging.getLogger(__name__)


def install() -> bool:
    """Patch once per process; True if the patch is in place."""
    try:
        from streamlit.proto.ClientState_pb2 import ClientState
        from streamlit.runtime.app_session import AppSession
    except ImportError:  # pragma: no cover - a different Streamlit
        _log.warning("session_failover: Streamlit internals not found; fragment reruns after a failover stay unserved")
        return False
    original = getattr(AppSession, "request_rerun", None)
    if original is None or not hasattr(AppSession, "has_fragment"):
        _log.warning("session_failover: AppSession.request_rerun/has_fragment not found; not installed")
        return False
    if getattr(original, _MARK, False):
        return True

    def request_rerun(self, client_state=None):
        fragment_id = getattr(client_state, "fragment_id", "") if client_state is not None else ""
        if not fragment_id:
            setattr(self, _SEEN, True)
        elif not getattr(self, _SEEN, False) and not self.has_fragment(fragment_id):
            # A session that never ran its page here: run the whole page with the browser's widget states.
            full = ClientState()
            full.CopyFrom(client_state)
            full.fragment_id = ""
            setattr(self, _SEEN, True)
            return original(self, full)
        return original(self, client_state)

    setattr(request_rerun, _MARK, True)
    request_rerun.__wrapped__ = original
    AppSession.request_rerun = request_rerun
    return True
