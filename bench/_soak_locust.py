"""Locust readers who come and go (bench/soak.py): each task is one visit, from its first request to its close.

A visit opens /scenarios (half of them through a shared link with settings in the URL), releases the
explorer's slider a few times, sometimes downloads the chart as PNG, visits two or three other pages
(the Agreements page with a filter from a shared link: `?sector=...`, a full run as a changed filter is),
downloads a table there, comes back to the Scenarios page and closes its websocket and HTTP connection.
Then the same Locust user starts a new visit with a new session: N users keep N readers connected, with
a steady stream of sessions opened and closed. Protocol and records: bench/locust_streamlit.py.

Environment (besides the locustfile's): SOAK_MOVES="3,6" (slider releases per visit), SOAK_EXPORT_SHARE
(0.3: share of visits that download the PNG).
"""

from __future__ import annotations

# isort: off
from locust import User, between, task  # first: gevent patches sockets before requests loads them

# isort: on
import os
import random
import time
import uuid

from locust_streamlit import CHART, PAGE, THINK, TIMEOUT_S, WIDGET, BackMsg, ProtocolError, StreamlitSession, record

MOVES = tuple(int(x) for x in os.environ.get("SOAK_MOVES", "3,6").split(","))
EXPORT_SHARE = float(os.environ.get("SOAK_EXPORT_SHARE", "0.3"))
LINKS = ({"lang": "en", "growth3": "14.5", "vol": "12.0"}, {"lang": "ru"}, {"lang": "kk"}, {"lang": "uz"})
FILTERS = ("water", "energy", "transport", "trade")
OTHER_PAGES = ("trade", "overview", "projects", "events")
TABLE_SUFFIXES = ("-data-csv", "-csv", "-xlsx")


def download(session: StreamlitSession, key: str) -> int:
    """Click the deferred download button `key` (a table's CSV/XLSX): its file, fetched; the file's size."""
    back = BackMsg()
    back.backend_operation_request.request_id = request_id = str(uuid.uuid4())
    back.backend_operation_request.session_id = session.session_id
    back.backend_operation_request.deferred_file.file_id = session.deferred[key]
    session._send(back)
    deadline = time.perf_counter() + TIMEOUT_S
    while True:
        _, msg = session._next(deadline)
        answer = msg.backend_operation_response
        if msg.WhichOneof("type") == "backend_operation_response" and answer.request_id == request_id:
            break
    if answer.error_msg:
        raise ProtocolError(f"download {key} refused: {answer.error_msg[:200]}")
    url = answer.deferred_file.url
    response = session.get(url if url.startswith("http") else f"{session.base}{url}", timeout=TIMEOUT_S)
    if response.status_code != 200 or not response.content:
        raise ProtocolError(f"download {key}: HTTP {response.status_code}, {len(response.content)} bytes")
    return len(response.content)


class Visitor(User):
    """One reader after another: every task is a whole visit in a new session."""

    wait_time = between(0.5, 2.0)  # between one reader's leaving and the next one's arrival
    _count = 0

    def on_start(self) -> None:
        Visitor._count += 1
        self.index = Visitor._count
        self.visits = 0

    def _timed(self, name: str, step, **extra):
        started = time.perf_counter()
        try:
            value = step()
        except Exception as error:
            record(kind=name, ms=(time.perf_counter() - started) * 1000, ok=False, error=f"{type(error).__name__}: {error}"[:300])
            raise
        ms = (time.perf_counter() - started) * 1000
        self.environment.events.request.fire(
            request_type="ws", name=name, response_time=ms, response_length=0, exception=None, context={}
        )
        record(kind=name, ms=round(ms, 2), ok=True, error=None, **extra)
        return value

    @task
    def visit(self) -> None:
        self.visits += 1
        session = StreamlitSession(self.host, tag=f"{os.getpid()}-{self.index}-{self.visits}")
        link = random.choice(LINKS)
        try:
            self._timed("open", lambda: (session.open_page(PAGE, link), session.load(PAGE, link, watch=CHART)))
            record(kind="connected", ms=0, ok=True, error=None)
            self._read(session)
        except Exception:  # noqa: BLE001  (recorded by _timed; the reader leaves as a browser tab is closed)
            pass
        finally:
            session.close()
            record(kind="closed", ms=0, ok=True, error=None)

    def _read(self, session: StreamlitSession) -> None:
        direction = random.choice((-1, 1))
        for _ in range(random.randint(*MOVES)):
            time.sleep(random.uniform(*THINK))
            timings = self._timed("move", lambda d=direction: session.move(WIDGET, 0.5 * d, watch=CHART))
            record(kind="move-chart", ms=timings["chart_ms"] or timings["finished_ms"], ok=True, error=None)
            direction = -direction
        if random.random() < EXPORT_SHARE:
            self._timed("export png", lambda: session.export_png(CHART))
        pages = random.sample(OTHER_PAGES, random.randint(1, 2))
        sector = random.choice(FILTERS)
        self._timed("filter", lambda: session.load("agreements", {"lang": session.params.get("lang", "ru"), "sector": sector}))
        tables = [key for key in session.deferred if key.endswith(TABLE_SUFFIXES)]
        if tables:
            self._timed("download table", lambda: download(session, random.choice(tables)))
        for page in pages:
            time.sleep(random.uniform(*THINK) / 2)
            self._timed("page", lambda p=page: session.navigate(p))
        self._timed("page", lambda: session.navigate(PAGE, watch=CHART))
