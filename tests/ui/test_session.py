"""ui/session: this session's language and tables (its own upload, else the shipped table, cached until its file
changes) and the uploaded files its exports name."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from partnership import data
from partnership.export.provenance import Provenance, Upload
from ui import session


def _tables_script():
    import streamlit as st

    from ui import session

    st.session_state["seen"] = {
        "lang": session.lang(),
        "trade": len(session.table("trade")),
        "shipped_trade": len(session.shipped("trade")),
        "targets": len(session.table("targets")),
        "uploaded": [name for name in ("trade", "targets") if session.is_session_data(name)],
        "provenance": session.provenance(["trade", "targets", "events"]),
    }


def run(**state) -> dict:
    at = AppTest.from_function(_tables_script, default_timeout=60)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, at.exception
    return at.session_state["seen"]


def test_without_uploads_every_table_is_the_shipped_one_and_the_language_the_default():
    seen = run()
    assert seen["lang"] == "ru"
    assert (seen["trade"], seen["targets"]) == (len(data.load("trade")), len(data.load("targets")))
    assert seen["uploaded"] == [] and seen["provenance"] == Provenance()


def test_a_session_s_upload_replaces_its_table_for_this_session_only():
    upload = data.load("trade").head(3)
    files = Provenance((Upload("trade", "mine.csv"), Upload("events", "events.csv")))
    seen = run(**{session.SESSION_TABLES_KEY: {"trade": upload}, session.SESSION_PROVENANCE_KEY: files, "lang": "kk"})
    assert seen["lang"] == "kk"
    assert (seen["trade"], seen["shipped_trade"]) == (3, len(data.load("trade")))
    assert seen["targets"] == len(data.load("targets"))
    assert seen["uploaded"] == ["trade"]
    # Only the uploads behind tables in use: events.csv was not uploaded in this session's tables.
    assert seen["provenance"] == Provenance((Upload("trade", "mine.csv"),))
    assert run()["trade"] == len(data.load("trade"))  # another session: the published table


def test_an_unknown_language_is_the_default():
    assert run(lang="xx")["lang"] == "ru"


def test_a_changed_shipped_file_is_read_again_and_a_broken_one_raises(monkeypatch, data_copy):
    monkeypatch.setenv(data.DATA_DIR_ENV, str(data_copy))
    assert run()["targets"] == len(data.load("targets"))
    targets = data_copy / "targets.csv"
    header, first, *_ = targets.read_text(encoding="utf-8").splitlines()
    targets.write_text(f"{header}\n{first}\n", encoding="utf-8")
    assert run()["targets"] == 1
    targets.unlink()
    with pytest.raises(data.DataError):
        session._load_shipped("targets", str(data_copy), 0.0)
    assert session._file_stamp("targets") == (str(data_copy), 0.0)
