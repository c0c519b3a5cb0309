"""Locust users that read the dashboard the way a browser does, over Streamlit's own websocket protocol.

No browser: each simulated reader is one `StreamlitSession`, which speaks the protocol of the pinned
Streamlit (1.67) with its own protobufs (`streamlit.proto`): it fetches the page's HTML (through a
proxy this sets the sticky-session cookie), opens `/_stcore/stream`, sends `BackMsg.rerun_script`
with the page's name or script hash, the URL's query string and every widget's state, and reads the
`ForwardMsg`s that come back. What a browser's WidgetStateManager sends, this sends:

* a full run: `page_name` from the URL path (first load) or `page_script_hash` (navigation),
  the query string, and the states of the widgets on screen;
* a widget move inside an `@st.fragment`: the same, plus that fragment's id (taken from the
  `Delta.fragment_id` the widget arrived with), so the server reruns the fragment only;
* a download button with a deferred file (the chart's PNG export): a `backend_operation_request`
  with the button's `deferred_file_id`, then a GET of the media URL the server answers with;
* a bound widget (`bind="query-params"`) moved away from its default is written into the query
  string, as the frontend writes it into the address bar.

Latency of a move = the rerun request sent → the first `new_element` delta of the watched chart,
recognised by its element id, which ends with `-<key>` (`st.plotly_chart(key=...)` and a custom
component with that key alike); a run that ends without that chart counts `script_finished` instead
and says so in the record ("no chart"). Every operation is reported to Locust as a request
(type "ws" or "http") and, when $CAPACITY_RECORD names a file, appended to it as one JSON line, so
`bench/capacity.py` computes exact percentiles and its per-window figures from the raw values.

Run by bench/capacity.py; or by hand against a running app on loopback:

    locust -f bench/locust_streamlit.py --headless -u 20 -r 5 -t 60s --host http://127.0.0.1:8501

Environment: CAPACITY_THINK="3,9" (seconds between a reader's moves), CAPACITY_RECORD (JSON lines),
CAPACITY_PAGE / CAPACITY_WIDGET / CAPACITY_CHART (what a reader moves and watches),
CAPACITY_EXPORTS=0 turns the PNG exports off, CAPACITY_PAGES=0 the visits to other pages.
"""

from __future__ import annotations

# isort: off
# Locust first: its gevent patches sockets, threads and ssl, which must happen before requests loads them.
from locust import User, between, events, task

# isort: on
import json
import os
import random
import threading
import time
import uuid
from urllib.parse import parse_qsl, urlencode, urlparse

import requests
import websocket
from streamlit.components.v2.bidi_component.main import _make_trigger_id
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

PAGE = os.environ.get("CAPACITY_PAGE", "scenarios")
# The Scenarios page's explorer (a chart element whose release sends a `commit` trigger); a slider's key
# (e.g. "growth" on bench/floor_slider_app.py) moves that slider instead.
WIDGET = os.environ.get("CAPACITY_WIDGET", "scenario_chart")
EXPLORER_INDEX = 3  # the explorer's slider of scenario 3 (the custom one by default)
CHART = os.environ.get("CAPACITY_CHART", "scenario_chart")
THINK = tuple(float(x) for x in os.environ.get("CAPACITY_THINK", "3,9").split(","))
RECORD = os.environ.get("CAPACITY_RECORD")
EXPORTS = os.environ.get("CAPACITY_EXPORTS", "1") != "0"
OTHER_PAGES = os.environ.get("CAPACITY_PAGES", "1") != "0"
TIMEOUT_S = float(os.environ.get("CAPACITY_TIMEOUT", "30"))
# Readers start moving once this many have opened the page (0: at once), as a crowd that has arrived;
# the barrier holds within one Locust process (bench/capacity.py runs one).
BARRIER = int(os.environ.get("CAPACITY_BARRIER", "0"))
BARRIER_TIMEOUT_S = float(os.environ.get("CAPACITY_BARRIER_TIMEOUT", "600"))
WARMUP = os.environ.get("CAPACITY_WARMUP") == "1"  # open, export once (starts the server's Chromium), move
# A shared link with settings in it (every input of the page is bound to the URL).
LINK_PARAMS = {"lang": "en", "growth3": "14.5", "vol": "12.0"}
OTHER_PAGE_NAMES = ("trade", "overview", "agreements")

_record_lock = threading.Lock()


def record(**fields) -> None:
    if not RECORD:
        return
    line = json.dumps({"t": time.time(), "pid": os.getpid(), **fields}) + "\n"
    with _record_lock, open(RECORD, "a", encoding="utf-8") as out:
        out.write(line)


class ProtocolError(Exception):
    """What a browser would show as broken: an exception box, no answer in time, a closed websocket."""


def _widget_state(element) -> WidgetState | None:
    """The state a browser reports for a widget element as drawn (its value, else its default)."""
    kind = element.WhichOneof("type")
    widget = getattr(element, kind)
    wid = getattr(widget, "id", "") if kind in _WIDGETS else ""
    if not wid:
        return None
    state = WidgetState(id=wid)
    if kind == "slider" and widget.type == widget.SELECT_SLIDER:  # sent as its options' labels
        chosen = widget.value if widget.set_value else widget.default
        state.string_array_value.data.extend(widget.options[int(index)] for index in chosen)
    elif kind == "slider":
        state.double_array_value.data.extend(widget.value if widget.set_value else widget.default)
    elif kind in ("text_input", "text_area"):
        value = widget.value if widget.set_value else widget.default
        state.string_value = value
    elif kind == "number_input":
        value = widget.value if widget.set_value else widget.default
        if widget.data_type == widget.INT:
            state.int_value = int(value)
        else:
            state.double_value = value
    elif kind in ("selectbox", "radio"):
        if widget.set_value:
            state.string_value = widget.raw_value
        elif widget.HasField("default") and 0 <= widget.default < len(widget.options):
            state.string_value = widget.options[widget.default]
        else:
            return None
    elif kind == "button_group":
        state.string_array_value.data.extend(widget.options[i].content for i in widget.default if i < len(widget.options))
    else:
        return None
    return state


_WIDGETS = {"slider", "text_input", "text_area", "number_input", "selectbox", "radio", "button_group"}


class Connection:
    """One reader's transport: HTTP for the page and media, one websocket whose ForwardMsgs a thread queues."""

    def __init__(self, base_url: str, tag: str = ""):
        self.base = base_url.rstrip("/")
        parsed = urlparse(self.base)
        if parsed.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit(f"refusing {base_url!r}: loopback only")
        self.ws_url = ("wss" if parsed.scheme == "https" else "ws") + f"://{parsed.netloc}{parsed.path}/_stcore/stream"
        self.http = requests.Session()
        self.http.headers["X-Bench-Session"] = tag
        self.tag = tag
        self.ws = None
        self.session_id = ""
        self.upstream = ""
        self._lock = threading.Condition()
        self._inbox: list[tuple[float, ForwardMsg]] = []
        self.closed_at: float | None = None
        self._reader = None

    def open_page(self, path: str, params: dict[str, str]) -> float:
        """GET the page's HTML (as a browser's address bar does), then connect the websocket; seconds."""
        started = time.perf_counter()
        response = self.get(f"{self.base}/{path}", params=params, timeout=TIMEOUT_S)
        if response.status_code != 200:
            raise ProtocolError(f"GET /{path}: HTTP {response.status_code}")
        self.upstream = response.headers.get("X-Upstream", self.upstream)
        for probe in ("_stcore/health", "_stcore/host-config"):
            self.get(f"{self.base}/{probe}", timeout=TIMEOUT_S)
        self.connect()
        return time.perf_counter() - started

    def get(self, url: str, **kwargs) -> requests.Response:
        """GET, retried once on a fresh connection if a kept-alive one was closed under it (as browsers
        retry an idempotent request): the server closes idle keep-alive connections after a few seconds."""
        try:
            return self.http.get(url, **kwargs)
        except requests.ConnectionError:
            self.http.close()
            return self.http.get(url, **kwargs)

    def connect(self) -> None:
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.http.cookies)
        header = [f"X-Bench-Session: {self.tag}"] + ([f"Cookie: {cookies}"] if cookies else [])
        # Positions of Sec-WebSocket-Protocol: "streamlit", an XSRF token (unused without st.login), the
        # id of the session to resume after a reconnect (a replica that does not know it starts a new one).
        protocols = ["streamlit", "", self.session_id] if self.session_id else ["streamlit"]
        self.ws = websocket.create_connection(
            self.ws_url, subprotocols=[p or " " for p in protocols], header=header, timeout=TIMEOUT_S, origin=self.base
        )
        self.closed_at = None
        with self._lock:
            self._inbox.clear()
        self._reader = threading.Thread(target=self._read, args=(self.ws,), daemon=True)
        self._reader.start()

    def _read(self, ws) -> None:
        while True:
            try:
                data = ws.recv()
            except Exception:  # noqa: BLE001  (closed: by us, the server, or a killed replica)
                data = None
            arrived = time.perf_counter()
            if not data or not isinstance(data, bytes):
                with self._lock:
                    if ws is self.ws and self.closed_at is None:
                        self.closed_at = time.monotonic()
                    self._lock.notify_all()
                return
            msg = ForwardMsg()
            msg.ParseFromString(data)
            with self._lock:
                self._inbox.append((arrived, msg))
                self._lock.notify_all()

    def close(self) -> None:
        if self.ws is not None:
            ws, self.ws = self.ws, None
            try:
                ws.close()
            except Exception:  # noqa: BLE001, S110
                pass
        self.http.close()

    def _next(self, deadline: float) -> tuple[float, ForwardMsg]:
        with self._lock:
            while not self._inbox:
                if self.closed_at is not None:
                    raise ProtocolError("websocket closed")
                left = deadline - time.perf_counter()
                if left <= 0:
                    raise ProtocolError(f"no answer in {TIMEOUT_S:.0f} s")
                self._lock.wait(min(left, 1.0))
            return self._inbox.pop(0)

    def _send(self, back: BackMsg) -> float:
        sent = time.perf_counter()
        self.ws.send_binary(back.SerializeToString())
        return sent


class StreamlitSession(Connection):
    """One reader's Streamlit session: script runs, widget moves and exports as the browser's frontend sends them."""

    def __init__(self, base_url: str, tag: str = ""):
        super().__init__(base_url, tag)
        self.page_hashes: dict[str, str] = {}  # url path -> page script hash (from the navigation message)
        self.page_hash = ""
        self.params: dict[str, str] = {}
        self.widgets: dict[str, WidgetState] = {}  # widget id -> its state as the browser holds it
        self.widget_ids: dict[str, tuple[str, str, str]] = {}  # user key -> (id, fragment id, query param key)
        self.deferred: dict[str, str] = {}  # user key of a download button -> deferred file id
        self.cache: dict[str, ForwardMsg] = {}  # cacheable messages by hash (the browser's message cache)

    def query_string(self) -> str:
        return urlencode(self.params)

    def rerun(self, page_name: str = "", fragment_id: str = "", watch: str | None = None) -> dict:
        """Send a rerun as the browser does; read until script_finished. Returns timings in ms.

        `chart_ms` is when the first delta of the element keyed `watch` arrived (None if none did)."""
        back = self._rerun_message(page_name, fragment_id)
        with self._lock:
            self._inbox.clear()
        if not fragment_id:
            self.widget_ids.clear()
            self.deferred.clear()
        sent = self._send(back)
        deadline = sent + TIMEOUT_S
        run = {"chart_ms": None, "messages": 0, "exceptions": []}
        while True:
            arrived, msg = self._next(deadline)
            run["messages"] += 1
            msg = self._resolve(msg)
            kind = msg.WhichOneof("type")
            if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                self._take_element(msg, run, (arrived - sent) * 1000, watch)
            elif kind == "script_finished" and msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                # (finished early for a rerun: the page called st.rerun; the server starts it, as for the browser)
                if run["exceptions"]:
                    raise ProtocolError("exception in the page: " + run["exceptions"][0])
                return {"chart_ms": run["chart_ms"], "finished_ms": (arrived - sent) * 1000, "messages": run["messages"]}
            else:
                self._take_session_message(msg, kind)

    def _rerun_message(self, page_name: str, fragment_id: str) -> BackMsg:
        """BackMsg.rerun_script with the URL's query string and every widget's state, as the frontend sends it."""
        back = BackMsg()
        state = back.rerun_script
        state.query_string = self.query_string()
        state.page_name = page_name
        state.page_script_hash = "" if page_name else self.page_hash
        state.fragment_id = fragment_id
        state.widget_states.widgets.extend(self.widgets.values())
        state.cached_message_hashes.extend(self.cache)
        state.context_info.timezone = "Asia/Tashkent"
        state.context_info.locale = "ru-RU" if self.params.get("lang", "ru") == "ru" else "en-US"
        state.context_info.url = f"{self.base}/{page_name or PAGE}"
        return back

    def _resolve(self, msg: ForwardMsg) -> ForwardMsg:
        """A reference to a cached message replaced by the message (the browser's cache); cacheable ones kept."""
        if msg.WhichOneof("type") == "ref_hash":
            cached = self.cache.get(msg.ref_hash)
            if cached is None:
                raise ProtocolError("server referred to a message not in the cache")
            full = ForwardMsg()
            full.CopyFrom(cached)
            full.metadata.CopyFrom(msg.metadata)
            msg = full
        if msg.metadata.cacheable and msg.hash:
            self.cache[msg.hash] = msg
        return msg

    def _take_session_message(self, msg: ForwardMsg, kind: str | None) -> None:
        """The session's id, the pages' script hashes, and the address the page wrote (st.query_params)."""
        if kind == "new_session":
            self.session_id = msg.new_session.initialize.session_id or self.session_id
        elif kind == "navigation":
            for page in msg.navigation.app_pages:
                self.page_hashes[page.url_pathname or "overview"] = page.page_script_hash
            self.page_hash = msg.navigation.page_script_hash
        elif kind == "page_info_changed":
            # As the browser takes it into its address bar: the next rerun carries it.
            self.params = dict(parse_qsl(msg.page_info_changed.query_string, keep_blank_values=True))

    def _take_element(self, msg: ForwardMsg, run: dict, elapsed_ms: float, watch: str | None) -> None:
        """A new element: an exception box, the watched chart's arrival, a deferred download, a widget's state."""
        element = msg.delta.new_element
        etype = element.WhichOneof("type")
        if etype == "exception":
            run["exceptions"].append(f"{element.exception.type}: {element.exception.message}"[:200])
            return
        wid = getattr(getattr(element, etype), "id", "") if etype else ""
        key = wid.split("-", 2)[-1] if wid.startswith("$$ID-") else ""
        if watch and run["chart_ms"] is None and wid.endswith(f"-{watch}"):
            run["chart_ms"] = elapsed_ms
        if etype == "download_button" and element.download_button.HasField("deferred_file_id"):
            self.deferred[wid.split("-", 2)[-1]] = element.download_button.deferred_file_id
        if etype == "bidi_component" and key:
            self.widget_ids[key] = (wid, msg.delta.fragment_id, "")
        widget_state = _widget_state(element)
        if widget_state is not None:
            # As the browser: a widget it already holds keeps its value unless the server sets one.
            if wid not in self.widgets or getattr(getattr(element, etype), "set_value", False):
                self.widgets[wid] = widget_state
            param = getattr(element, etype).query_param_key if etype != "button_group" else ""
            self.widget_ids[key] = (wid, msg.delta.fragment_id, param)

    def load(self, page: str, params: dict[str, str] | None = None, watch: str | None = None) -> dict:
        """A first load of `page` (URL path) with `params` in its URL: a full run by page name."""
        self.params = dict(params or {})
        self.widgets.clear()
        return self.rerun(page_name=page, watch=watch)

    def navigate(self, page: str, watch: str | None = None) -> dict:
        """A click on the sidebar's link to `page`: a full run by page script hash, the page's own params dropped."""
        self.page_hash = self.page_hashes[page]
        self.params = {k: v for k, v in self.params.items() if k == "lang"}
        lang_widgets = {wid: st for wid, st in self.widgets.items() if wid.endswith("-lang")}
        self.widgets = lang_widgets
        return self.rerun(watch=watch)

    def commit(self, key: str, step: float, watch: str) -> dict:
        """Release the explorer `key`'s slider of scenario EXPLORER_INDEX `step` % from where the URL has it.

        As the browser's element does on release: its `commit` trigger {"index", "value"} in a fragment rerun
        (the drag itself sends nothing). The page writes the value into the URL (page_info_changed).
        """
        wid, fragment_id, _param = self.widget_ids[key]
        param = f"growth{EXPLORER_INDEX}"
        value = float(self.params.get(param, "10.0")) + step
        if not -10 <= value <= 30:  # the slider's range; step back the other way
            value -= 2 * step
        trigger = WidgetState(id=_make_trigger_id(wid, "events"))
        trigger.json_trigger_value = json.dumps([{"event": "commit", "value": {"index": EXPLORER_INDEX, "value": value}}])
        self.widgets[trigger.id] = trigger
        try:
            timings = self.rerun(fragment_id=fragment_id, watch=watch)
        finally:
            self.widgets.pop(trigger.id, None)  # a trigger is sent once
        if float(self.params.get(param, "10.0")) != value:
            raise ProtocolError(f"the release of {value} was not written into the URL ({self.query_string()})")
        timings["value"] = value
        return timings

    def move(self, key: str, step: float, watch: str) -> dict:
        """Move slider `key` by `step` (bounded by its range as the browser's slider is), as a fragment rerun.

        The explorer's key: a release (`commit`), what the browser sends after a drag or a keyboard move."""
        if self.widget_ids[key][0] not in self.widgets:
            return self.commit(key, step, watch)
        wid, fragment_id, param = self.widget_ids[key]
        state = self.widgets[wid]
        value = state.double_array_value.data[0] + step
        if not -10 <= value <= 30:  # the page's slider range; step back the other way
            value -= 2 * step
        moved = WidgetState(id=wid)
        moved.double_array_value.data.append(value)
        self.widgets[wid] = moved
        if param:
            self.params[param] = f"{value:g}"
        timings = self.rerun(fragment_id=fragment_id, watch=watch)
        timings["value"] = value
        return timings

    def export_png(self, chart_key: str) -> tuple[float, int]:
        """Click the chart's PNG download: deferred-file request, then GET of the media URL; (seconds, bytes)."""
        file_id = self.deferred.get(f"{chart_key}-export-png")
        if file_id is None:
            raise ProtocolError(f"no PNG download button for {chart_key}")
        back = BackMsg()
        request = back.backend_operation_request
        request.request_id = str(uuid.uuid4())
        request.session_id = self.session_id
        request.deferred_file.file_id = file_id
        with self._lock:
            self._inbox.clear()
        sent = self._send(back)
        deadline = sent + 60
        while True:
            _, msg = self._next(deadline)
            if (
                msg.WhichOneof("type") == "backend_operation_response"
                and msg.backend_operation_response.request_id == request.request_id
            ):
                answer = msg.backend_operation_response
                if answer.error_msg:
                    raise ProtocolError(f"export refused: {answer.error_msg[:200]}")
                break
        url = answer.deferred_file.url
        response = self.get(url if url.startswith("http") else f"{self.base}{url}", timeout=60)
        if response.status_code != 200 or not response.content.startswith(b"\x89PNG\r\n\x1a\n"):
            raise ProtocolError(f"export: HTTP {response.status_code}, {response.content[:8]!r}")
        return time.perf_counter() - sent, len(response.content)


class Reader(User):
    """A reader of the Scenarios page: opens it (the default view or a shared link with settings in the
    URL), moves the growth slider every few seconds, now and then visits another page and comes back,
    or downloads the chart as PNG. After losing the websocket (a replica gone) it reconnects through
    the same URL, as Streamlit's frontend does, and goes on."""

    wait_time = between(*THINK)
    _count = 0
    _opened = 0
    _all_open = threading.Event()

    def on_start(self) -> None:
        Reader._count += 1
        self.index = Reader._count
        self.tag = f"{os.getpid()}-{self.index}"
        self.session = StreamlitSession(self.host, tag=self.tag)
        self.link = self.index % 2 == 0
        self.direction = 1
        self.lost_at: float | None = None
        self.ready = False
        self._open()
        Reader._opened += 1
        if Reader._opened >= BARRIER and not Reader._all_open.is_set():
            Reader._all_open.set()
            record(kind="go", ms=0, ok=True, error=None, session=self.tag, upstream="", opened=Reader._opened)
        if BARRIER:
            Reader._all_open.wait(BARRIER_TIMEOUT_S)
        if WARMUP and self.ready:
            self.export()
        # Out of step, as people are: the first move comes somewhere within one think time.
        time.sleep(random.uniform(0, THINK[1]))

    def on_stop(self) -> None:
        self.session.close()

    def _fire(self, kind: str, name: str, ms: float, error: str | None = None, length: int = 0, **extra) -> None:
        self.environment.events.request.fire(
            request_type=kind,
            name=name,
            response_time=ms,
            response_length=length,
            exception=ProtocolError(error) if error else None,
            context={},
        )
        record(
            kind=name, ms=round(ms, 2), ok=error is None, error=error, session=self.tag, upstream=self.session.upstream, **extra
        )

    def _open(self) -> None:
        params = dict(LINK_PARAMS) if self.link else {"lang": "ru"}
        started = time.perf_counter()
        try:
            self.session.open_page(PAGE, params)
            timings = self.session.load(PAGE, params, watch=CHART)
            if WIDGET not in self.session.widget_ids:
                raise ProtocolError(f"no widget '{WIDGET}' on /{PAGE}")
        except Exception as error:  # noqa: BLE001
            self._fire("ws", "open", (time.perf_counter() - started) * 1000, f"{type(error).__name__}: {error}"[:300])
            self.ready = False
            return
        self.ready = True
        self._fire("ws", "open", (time.perf_counter() - started) * 1000, link=self.link, chart=timings["chart_ms"] is not None)

    def _ensure_connected(self) -> bool:
        """Reconnect after a lost websocket (through the proxy, to a replica that is up); False if not yet."""
        if self.session.closed_at is None and self.ready:
            return True
        if self.lost_at is None:
            self.lost_at = self.session.closed_at or time.monotonic()
            record(kind="lost", ms=0, ok=True, error=None, session=self.tag, upstream=self.session.upstream)
        started = time.perf_counter()
        try:
            self.session.close()
            old = self.session
            self.session = StreamlitSession(self.host, tag=self.tag)
            self.session.session_id = old.session_id
            self.session.open_page(PAGE, old.params or {"lang": "ru"})
            timings = self.session.load(PAGE, old.params, watch=CHART)
        except Exception as error:  # noqa: BLE001  (the replica's sessions wait for the proxy to fail over)
            self.ready = False
            record(kind="reconnect-try", ms=0, ok=False, error=str(error)[:200], session=self.tag, upstream="")
            return False
        gone_s = time.monotonic() - self.lost_at
        self.lost_at = None
        self.ready = True
        self._fire(
            "ws",
            "reconnect",
            (time.perf_counter() - started) * 1000,
            gone_s=round(gone_s, 2),
            chart=timings["chart_ms"] is not None,
        )
        return True

    @task(12)
    def move(self) -> None:
        if not self._ensure_connected():
            return
        try:
            timings = self.session.move(WIDGET, 0.5 * self.direction, watch=CHART)
        except Exception as error:  # noqa: BLE001
            self._fire(
                "ws", "move", TIMEOUT_S * 1000, f"{type(error).__name__}: {error}"[:300], lost=self.session.closed_at is not None
            )
            return
        self.direction = -self.direction
        latency = timings["chart_ms"] if timings["chart_ms"] is not None else timings["finished_ms"]
        self._fire(
            "ws",
            "move",
            latency,
            length=timings["messages"],
            finished_ms=round(timings["finished_ms"], 2),
            chart=timings["chart_ms"] is not None,
        )

    @task(1)
    def other_page(self) -> None:
        if not OTHER_PAGES or not self._ensure_connected():
            return
        page = random.choice(OTHER_PAGE_NAMES)
        for name, watch in ((page, None), (PAGE, CHART)):
            try:
                timings = self.session.navigate(name, watch=watch)
            except Exception as error:  # noqa: BLE001
                self._fire("ws", f"page {name}", TIMEOUT_S * 1000, f"{type(error).__name__}: {error}"[:300])
                return
            self._fire("ws", f"page {name if name == PAGE else 'other'}", timings["finished_ms"], length=timings["messages"])
            time.sleep(random.uniform(*THINK) / 2)

    @task(1)
    def export(self) -> None:
        if not EXPORTS or not self._ensure_connected():
            return
        try:
            seconds, size = self.session.export_png(CHART)
        except Exception as error:  # noqa: BLE001
            self._fire("http", "export png", 60_000, f"{type(error).__name__}: {error}"[:300])
            return
        self._fire("http", "export png", seconds * 1000, length=size)


@events.quitting.add_listener
def _summary(environment, **_kwargs) -> None:
    # Locust exits 1 on any failure; the verdict is bench/capacity.py's, from the records.
    environment.process_exit_code = 0
