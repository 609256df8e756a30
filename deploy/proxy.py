"""nginx in front of `aggstats serve`, from Debian's package, on loopback ports: for the tests and
`make deploy-check`, with the same server block the container deployment uses
(deploy/nginx/aggstats.conf.template; compose.yaml renders it with the official image).

    with proxied(warehouse, folder) as (proxy_port, app_port, app_pid): ...
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from string import Template

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "nginx" / "aggstats.conf.template"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# The main file Debian's nginx would read, reduced to what a server of our own needs: no root,
# every path in our folder, logs to stderr.
MAIN = """$user
worker_processes 1;
pid $prefix/nginx.pid;
error_log $prefix/error.log warn;
daemon off;
events { worker_connections 1024; }
http {
    types { text/html html; application/javascript js; text/css css; application/json json; }
    access_log off;
    client_body_temp_path $prefix/client_body;
    proxy_temp_path $prefix/proxy;
    fastcgi_temp_path $prefix/fastcgi;
    uwsgi_temp_path $prefix/uwsgi;
    scgi_temp_path $prefix/scgi;
    include $prefix/aggstats.conf;
}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def render(upstream: str, port: int, cache: Path) -> str:
    """The server block for an upstream `host:port`, nginx listening on 127.0.0.1:`port`."""
    # as the image's envsubst does: only these three are filled in; nginx's own $host stays
    return Template(TEMPLATE.read_text()).safe_substitute(
        AGGSTATS_UPSTREAM=upstream, NGINX_PORT=f"127.0.0.1:{port}", NGINX_CACHE=str(cache)
    )


def wait_for(port: int, process: subprocess.Popen, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{what} did not listen on {port} within {seconds:g} s")


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to the process group (gunicorn's or nginx's master and workers), then SIGKILL."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@contextmanager
def serving(warehouse: Path, port: int) -> Iterator[subprocess.Popen]:
    """`aggstats serve` on 127.0.0.1:`port`, stopped with its workers afterwards."""
    env = {**os.environ, "AGGSTATS_WAREHOUSE": str(warehouse)}
    process = subprocess.Popen(
        [sys.executable, "-m", "aggstats.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_for(port, process, "aggstats serve")
        yield process
    finally:
        stop(process)


@contextmanager
def nginx(upstream: str, port: int, folder: Path) -> Iterator[subprocess.Popen]:
    """Debian's nginx on 127.0.0.1:`port` in front of `upstream`, its files in `folder`."""
    if not Path(NGINX).exists():
        raise RuntimeError(f"{NGINX} is missing: apt-get install -y nginx (make deploy-check does)")
    folder.mkdir(parents=True, exist_ok=True)
    # Started as root, nginx's workers would drop to `nobody`, who may not reach a private
    # folder (pytest's are 0700): they run as whoever started it, as they do for anyone else.
    user = "user root root;" if os.geteuid() == 0 else ""
    (folder / "aggstats.conf").write_text(render(upstream, port, folder / "cache"))
    (folder / "nginx.conf").write_text(MAIN.replace("$prefix", str(folder)).replace("$user", user))
    process = subprocess.Popen(
        [NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,  # its errors go to error.log in the folder
        start_new_session=True,
    )
    try:
        wait_for(port, process, "nginx", seconds=15)
        yield process
    finally:
        stop(process)


@contextmanager
def proxied(warehouse: Path, folder: Path) -> Iterator[tuple[int, int, int]]:
    """The explorer behind nginx: the proxy's port, the app's own port, and the pid of its
    gunicorn master (`aggstats serve` replaces itself with it: the pid it was started as)."""
    app_port, proxy_port = free_port(), free_port()
    with (
        serving(warehouse, app_port) as app,
        nginx(f"127.0.0.1:{app_port}", proxy_port, folder),
    ):
        yield proxy_port, app_port, app.pid
