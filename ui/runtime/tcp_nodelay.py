"""Once per server process: send every message of a session at once (TCP_NODELAY on the server's sockets).

Streamlit 1.67's server (Starlette on uvicorn) binds its listening socket itself, as
`socket.socket(family)` (streamlit/web/server/starlette/starlette_server.py, `_bind_socket`), so the
socket's protocol number is 0, and asyncio turns Nagle's algorithm off only on sockets whose protocol
number says TCP (asyncio.base_events._set_nodelay). Every websocket of the app therefore runs with
Nagle's algorithm on: a message written while the previous one is not yet acknowledged waits for the
reader's ACK, and the reader's system may hold that ACK back (40 ms on Linux, up to 200 ms on
Windows). A slider move writes a burst of messages; traced with strace on both ends, the server wrote
them within a millisecond and the reader received the second one 43 ms after the first. Measured
with one reader moving the slider every 2 s: 4 of 45 moves took 47–84 ms instead of 5–12 ms
(docs/performance.md). Tornado, Streamlit's earlier server, turned Nagle off on its websockets.

The fix uses no private part of a library: on Linux, TCP_NODELAY is set on the process's listening
TCP sockets, which the connections they accept from then on inherit, and on its TCP connections
already open (the sessions that connected before the first run). Elsewhere (no /proc) nothing is done.
PARTNERSHIP_TCP_NODELAY=0 turns it off (to measure the difference).
"""

from __future__ import annotations

import os
import socket
import threading
from pathlib import Path

FD_DIR = Path("/proc/self/fd")

_lock = threading.Lock()
_installed = False


def install() -> int:
    """Set TCP_NODELAY once per process (later calls do nothing); the number of sockets changed."""
    global _installed
    if os.environ.get("PARTNERSHIP_TCP_NODELAY", "1") == "0":
        return 0
    with _lock:
        if _installed:
            return 0
        _installed = True
    return set_nodelay_on_tcp_sockets()


def set_nodelay_on_tcp_sockets(fd_dir: Path = FD_DIR) -> int:
    """TCP_NODELAY on every TCP socket (listening or connected) this process holds; how many were set."""
    try:
        names = os.listdir(fd_dir)
    except OSError:
        return 0  # not Linux (or no /proc): nothing to do
    changed = 0
    for name in names:
        if not name.isdigit() or not _is_socket(fd_dir / name):
            continue
        changed += _set_nodelay(int(name))
    return changed


def _is_socket(link: Path) -> bool:
    try:
        return os.readlink(link).startswith("socket:")
    except OSError:  # closed since the listing
        return False


def _set_nodelay(fd: int) -> int:
    try:
        # A second socket object on the same descriptor (family, type and protocol read from the
        # kernel); detached below, so the descriptor stays open and its owner keeps using it.
        sock = socket.socket(fileno=fd)
    except OSError:
        return 0
    try:
        if sock.family not in (socket.AF_INET, socket.AF_INET6) or sock.type != socket.SOCK_STREAM:
            return 0
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return 1
    except OSError:
        return 0
    finally:
        sock.detach()
