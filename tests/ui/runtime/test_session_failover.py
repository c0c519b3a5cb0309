"""ui.runtime.session_failover: after a failover, a fragment rerun in a session that never ran becomes a full run."""

from __future__ import annotations

import inspect

import pytest
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.runtime.app_session import AppSession

from ui.runtime import session_failover


@pytest.fixture
def calls(monkeypatch):
    """AppSession.request_rerun replaced by a recorder of the fragment id it is asked to run, then patched."""
    seen: list[tuple[str, str]] = []
    monkeypatch.setattr(AppSession, "request_rerun", lambda self, cs=None: seen.append((cs.fragment_id, cs.query_string)))
    monkeypatch.setattr(AppSession, "has_fragment", lambda self, fragment_id: fragment_id == "known")
    assert session_failover.install()
    assert session_failover.install()  # idempotent: the second call does not wrap twice
    return seen


class FreshSession(AppSession):
    """An AppSession with nothing behind it: only request_rerun (patched above) and has_fragment are used."""

    def __init__(self) -> None:  # no runtime, no script runner
        pass

    def __del__(self) -> None:  # AppSession.__del__ would shut down what this one never started
        pass


def state(fragment_id: str = "") -> ClientState:
    client_state = ClientState()
    client_state.fragment_id = fragment_id
    client_state.query_string = "growth3=12.5"
    return client_state


def test_a_session_that_never_ran_gets_a_full_run_with_the_same_state(calls):
    session = FreshSession()  # as on the replica a reader reconnects to after a failover
    session.request_rerun(state("from-the-dead-replica"))
    session.request_rerun(state("from-the-dead-replica"))  # after that full run: passed on unchanged
    assert calls == [("", "growth3=12.5"), ("from-the-dead-replica", "growth3=12.5")]


def test_a_session_that_ran_its_page_is_left_alone(calls):
    session = FreshSession()
    session.request_rerun(state())  # the page's first, full run
    session.request_rerun(state("gone-after-a-full-run"))  # Streamlit's own rule for it applies
    session.request_rerun(state("known"))
    assert [fragment for fragment, _ in calls] == ["", "gone-after-a-full-run", "known"]


def test_a_known_fragment_in_a_fresh_session_is_left_alone(calls):
    session = FreshSession()
    session.request_rerun(state("known"))
    assert calls == [("known", "growth3=12.5")]


def test_the_pinned_streamlit_still_has_the_internals_the_patch_relies_on():
    """Fails when Streamlit's AppSession or ClientState no longer has the shape the patch wraps (see the module)."""
    request_rerun = inspect.unwrap(AppSession.request_rerun)
    assert list(inspect.signature(request_rerun).parameters) == ["self", "client_state"]
    assert list(inspect.signature(AppSession.has_fragment).parameters) == ["self", "fragment_id"]
    assert "fragment_id" in {field.name for field in ClientState.DESCRIPTOR.fields}
    full = ClientState()
    full.CopyFrom(state("x"))
    assert (full.fragment_id, full.query_string) == ("x", "growth3=12.5")
