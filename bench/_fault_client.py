"""Faults a long-lived server meets, caused over Streamlit's own protocol (bench/locust_streamlit.py's client).

Run in its own process (the client imports Locust, whose gevent patches sockets), by tests/test_server_faults.py:

    python bench/_fault_client.py reconnect http://127.0.0.1:8501
    python bench/_fault_client.py uploads http://127.0.0.1:8501 --count 20 --mb 50 19 --pid 1234
    python bench/_fault_client.py idle http://127.0.0.1:8501 --count 50 --pid 1234 --wait 200   # bench/soak.py --idle

Prints one JSON object: what the test checks.
"""

from __future__ import annotations

# isort: off
from locust_streamlit import EXPLORER_INDEX, ProtocolError, StreamlitSession  # first: Locust's gevent patches

# isort: on
import argparse
import json
import socket
import time
import uuid

import gevent


def _opened(url: str, page: str, params: dict[str, str], session_id: str = "") -> StreamlitSession:
    session = StreamlitSession(url, tag="fault")
    session.session_id = session_id  # a reconnect names the session to resume, as the browser does
    session.open_page(page, params)
    session.load(page, params, watch="scenario_chart" if page == "scenarios" else None)
    return session


def leave(session: StreamlitSession, page: str) -> None:
    """A click on the sidebar's link to `page`: the request carries the address of the page being left, as
    the browser's does (the server then writes the new page's address)."""
    session.page_hash = session.page_hashes[page]
    session.rerun()


def reconnect(url: str) -> dict:
    """Release a slider, leave the page, drop the connection in the middle of a run, reconnect, go back.

    The session is resumed if the server kept it: the page comes back with the value the reader left
    (the server's memory of the view); a fresh session (the control) gets the page's default."""
    growth = f"growth{EXPLORER_INDEX}"
    reader = _opened(url, "scenarios", {"lang": "en"})
    moved = reader.commit("scenario_chart", 3.5, watch="scenario_chart")["value"]
    leave(reader, "trade")
    first_id, hashes, page_hash = reader.session_id, dict(reader.page_hashes), reader.page_hash
    # Mid-run: ask for the Agreements page and cut the TCP connection before its answer is read (no close frame).
    back_to = gevent.spawn(reader.navigate, "agreements")
    gevent.sleep(0.05)
    reader.ws.sock.shutdown(socket.SHUT_RDWR)
    back_to.join(timeout=10)
    reader.close()
    again = StreamlitSession(url, tag="fault")
    again.session_id = first_id
    again.open_page("trade", {"lang": "en"})
    again.page_hashes, again.page_hash, again.params = hashes, page_hash, {"lang": "en"}
    again.rerun()  # what the browser sends after reconnecting: a run of the page on screen
    resumed_id = again.session_id
    again.navigate("scenarios", watch="scenario_chart")
    after = again.params.get(growth)
    again.close()
    fresh = _opened(url, "trade", {"lang": "en"})
    fresh.navigate("scenarios", watch="scenario_chart")
    control = fresh.params.get(growth)
    fresh.close()
    return {"first_id": first_id, "resumed_id": resumed_id, "moved": moved, "after": after, "fresh": control}


def _put(session: StreamlitSession, body: bytes, name: str) -> dict:
    token = session.http.cookies.get("_streamlit_xsrf", "")
    started = time.perf_counter()
    try:
        response = session.http.put(
            f"{session.base}/_stcore/upload_file/{session.session_id}/{uuid.uuid4()}",
            files={"file": (name, body, "text/csv")},
            headers={"X-Xsrftoken": token},
            timeout=120,
        )
        status, text = response.status_code, response.text[:200]
    except Exception as error:  # noqa: BLE001  (a reset connection is an answer too, reported as such)
        status, text = 0, f"{type(error).__name__}: {error}"[:200]
    return {"status": status, "text": text, "s": round(time.perf_counter() - started, 2)}


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            return next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return 0.0


def uploads(url: str, count: int, sizes_mb: list[float], pid: int) -> dict:
    """`count` readers open a page, then upload a file of each size in `sizes_mb`, all at the same moment.

    Per size: every answer (HTTP status), the server's RSS before and its peak while the uploads ran."""
    readers = [gevent.spawn(_opened, url, "overview", {"lang": "en"}) for _ in range(count)]
    gevent.joinall(readers, timeout=300, raise_error=True)
    readers = [job.value for job in readers]
    phases = []
    for mb in sizes_mb:
        body = (b"year,value\n" + b"2024,1\n" * int(mb * 1024 * 1024 / 7))[: int(mb * 1024 * 1024)]
        peak = before = _rss_mb(pid)
        started = time.perf_counter()
        jobs = [gevent.spawn(_put, reader, body, f"big-{i}.csv") for i, reader in enumerate(readers)]
        while not all(job.ready() for job in jobs) and time.perf_counter() - started < 180:
            peak = max(peak, _rss_mb(pid))
            gevent.sleep(0.05)
        answers = [job.value or {"status": -1, "text": "no answer", "s": None} for job in jobs]
        phases.append({"mb": mb, "answers": answers, "rss_before": before, "rss_peak": peak})
    for reader in readers:
        reader.close()
    return {"phases": phases}


def idle(url: str, count: int, pid: int, wait_s: float) -> dict:
    """Memory per idle session: `count` readers open the Scenarios page and stay (RSS read), then all leave
    (RSS read again after `wait_s`, when the server has dropped the sessions it kept for a reconnect)."""
    warm = _opened(url, "scenarios", {"lang": "ru"})  # the page's caches and imports, once
    warm.close()
    gevent.sleep(2)
    before = _rss_mb(pid)
    readers = []
    for i in range(count):
        readers.append(_opened(url, "scenarios", {"lang": ("ru", "en", "kk", "uz")[i % 4]}))
    gevent.sleep(2)
    opened = _rss_mb(pid)
    for reader in readers:
        reader.close()
    gevent.sleep(wait_s)
    return {"count": count, "rss_before": before, "rss_open": opened, "rss_after": _rss_mb(pid), "wait_s": wait_s}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("fault", choices=("reconnect", "uploads", "idle"))
    parser.add_argument("url")
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--mb", type=float, nargs="+", default=[50])
    parser.add_argument("--pid", type=int, default=0, help="the server's process, whose RSS is read")
    parser.add_argument("--wait", type=float, default=200, help="idle: seconds after the readers left")
    args = parser.parse_args()
    try:
        if args.fault == "reconnect":
            out = reconnect(args.url)
        elif args.fault == "uploads":
            out = uploads(args.url, args.count, args.mb, args.pid)
        else:
            out = idle(args.url, args.count, args.pid, args.wait)
    except ProtocolError as error:
        out = {"error": str(error)}
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
