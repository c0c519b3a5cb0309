"""ui.runtime.tcp_nodelay: the server's TCP sockets send each message at once (Nagle's algorithm off).

The first test pins what the module works around in the pinned Streamlit: its server binds the
listening socket with protocol number 0, so asyncio leaves Nagle's algorithm on for every connection.
If a Streamlit upgrade makes that test fail, the module can go.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from streamlit.web.server.starlette import starlette_server

from tests.conftest import run_python
from ui.runtime import tcp_nodelay

pytestmark = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="the fix works on Linux's /proc only")


def nodelay(sock: socket.socket) -> int:
    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


def accept_one(listener: socket.socket) -> tuple[socket.socket, socket.socket]:
    """A connection to `listener`: (the client's end, the server's accepted end)."""
    client = socket.create_connection(listener.getsockname()[:2], timeout=5)
    listener.setblocking(True)
    accepted, _ = listener.accept()
    listener.setblocking(False)
    return client, accepted


@pytest.fixture
def listener():
    sock = starlette_server._bind_socket("127.0.0.1", 0, 8)  # as `streamlit run` binds its port
    yield sock
    sock.close()


def test_streamlits_own_listening_socket_leaves_nagle_on(listener):
    client, accepted = accept_one(listener)
    with client, accepted:
        assert listener.proto == 0  # what asyncio's _set_nodelay checks before turning Nagle off
        assert nodelay(accepted) == 0, "Streamlit now turns Nagle off itself: ui/runtime/tcp_nodelay.py can go"


def test_connections_open_and_to_come_get_nodelay_and_keep_working(listener):
    before_client, before = accept_one(listener)  # a session that connected before the first run
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    left, right = socket.socketpair()  # a Unix socket: not TCP, left alone
    read_end, write_end = os.pipe()
    try:
        changed = tcp_nodelay.set_nodelay_on_tcp_sockets()
        assert changed >= 3  # the listener, the accepted connection, the client's end (same process here)
        assert nodelay(before) == 1
        assert nodelay(listener) == 1
        after_client, after = accept_one(listener)  # accepted later: inherits it from the listener
        with after_client, after:
            assert nodelay(after) == 1
            after_client.sendall(b"ping")
            assert after.recv(4) == b"ping"
        # Every descriptor the scan touched is still open and usable by its owner.
        before_client.sendall(b"still open")
        assert before.recv(10) == b"still open"
        left.sendall(b"x")
        assert right.recv(1) == b"x"
        os.write(write_end, b"y")
        assert os.read(read_end, 1) == b"y"
        udp.sendto(b"z", ("127.0.0.1", 9))  # still a working socket
    finally:
        for sock in (before_client, before, udp, left, right):
            sock.close()
        os.close(read_end)
        os.close(write_end)


def test_without_proc_nothing_is_done(tmp_path):
    assert tcp_nodelay.set_nodelay_on_tcp_sockets(tmp_path / "no-such-dir") == 0


def test_a_descriptor_that_is_not_a_socket_is_skipped(tmp_path):
    (tmp_path / "0").symlink_to("/dev/null")
    (tmp_path / "x").symlink_to("socket:[1]")  # not a descriptor number
    assert tcp_nodelay.set_nodelay_on_tcp_sockets(tmp_path) == 0


SCRIPT = """
import socket
from streamlit.web.server.starlette import starlette_server
from ui.runtime import tcp_nodelay
listener = starlette_server._bind_socket("127.0.0.1", 0, 8)
first, second = tcp_nodelay.install(), tcp_nodelay.install()
client = socket.create_connection(listener.getsockname()[:2])
listener.setblocking(True)
accepted, _ = listener.accept()
print(first, second, accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
"""


def run(env_value: str | None) -> list[str]:
    return run_python(SCRIPT, {} if env_value is None else {"PARTNERSHIP_TCP_NODELAY": env_value})


def test_install_acts_once_per_process():
    first, second, accepted = run(None)
    assert int(first) >= 1 and second == "0"
    assert accepted == "1"


def test_it_can_be_turned_off_to_measure_the_difference():
    assert run("0") == ["0", "0", "0"]
