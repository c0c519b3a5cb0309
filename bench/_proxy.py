"""nginx with deploy/nginx.conf on loopback, in front of two replicas: the proxy of the failover measurement.

    nginx = Nginx(find_nginx(), prefix, free_port(), {"a": replica_a, "b": replica_b})
    ...  # nginx.url; nginx.access_log() names each request's session and upstream
    nginx.close()

Used by bench/capacity.py (`--replicas 2`); needs nginx (apt-get install nginx). Nothing listens
beyond 127.0.0.1.
"""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

from devtools.server import ROOT, StreamlitServer

TEMPLATE = ROOT / "deploy" / "nginx.conf"
ACCESS_LINE = re.compile(
    r'"(?P<request>[^"]*)" (?P<status>\d+) .*?cookie=(?P<cookie>\S*) upstream=(?P<upstream>.*?) '
    r"session=(?P<session>\S*) rt=(?P<rt>[\d.]+) t=(?P<t>[\d.]+)"
)


def find_nginx() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).exists()), None)


def render(template: str, **values: str) -> str:
    """deploy/nginx.conf with its {{PLACEHOLDERS}} filled; refuses to leave one unfilled."""
    for key, value in values.items():
        template = template.replace("{{" + key + "}}", value)
    left = re.findall(r"\{\{\w+\}\}", template)
    if left:
        raise ValueError(f"unfilled placeholders in {TEMPLATE}: {left}")
    return template


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310  (http://127.0.0.1 only)
            return response.status == 200
    except OSError:
        return False


class Nginx:
    """nginx in the foreground (daemon off) with a config rendered from deploy/nginx.conf."""

    def __init__(self, binary: str, prefix: Path, listen_port: int, replicas: dict[str, StreamlitServer]):
        self.prefix, self.port = prefix, listen_port
        self.url = f"http://127.0.0.1:{listen_port}"
        self.conf = prefix / "nginx.conf"
        self.conf.write_text(
            render(
                TEMPLATE.read_text(encoding="utf-8"),
                PREFIX=str(prefix),
                LISTEN=f"127.0.0.1:{listen_port}",
                REPLICA_A=f"127.0.0.1:{replicas['a'].port}",
                REPLICA_B=f"127.0.0.1:{replicas['b'].port}",
            ),
            encoding="utf-8",
        )
        base = [binary, "-p", str(prefix), "-c", str(self.conf), "-e", str(prefix / "error.log")]
        check = subprocess.run([*base, "-t", "-q"], capture_output=True, text=True)
        if check.returncode:
            raise SystemExit(f"nginx -t rejected the config:\n{check.stderr}")
        self.process = subprocess.Popen([*base, "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 15
        while not http_ok(f"{self.url}/nginx-health"):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"nginx did not start: {self.process.stderr.read().decode() if self.process.stderr else ''}")
            time.sleep(0.1)

    def access_log(self) -> list[dict]:
        path = self.prefix / "access.log"
        if not path.exists():
            return []
        return [match.groupdict() for line in path.read_text().splitlines() if (match := ACCESS_LINE.search(line))]

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful: finish open requests
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
