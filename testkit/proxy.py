"""Debian's nginx with the shipped deploy/nginx.conf, on local ports, as a child process.

Only what must differ on a test machine is substituted (upstream addresses, listen port,
paths under a temporary prefix); each substitution must match, so a change to the shipped
file that these tests no longer exercise fails loudly instead of passing quietly.
"""

from __future__ import annotations

import collections
import os
import re
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from testkit.app import REPO, free_port

NGINX = "/usr/sbin/nginx"
SHIPPED_CONFIG = REPO / "deploy" / "nginx.conf"
UPSTREAM_SERVERS = re.compile(r"(?m)^(\s*)server app\d:8501 [^;]*;\n(?:\s*server app\d:8501 [^;]*;\n)*")
# Test-only: which app process answered, so the failover test can stop exactly that one.
UPSTREAM_HEADER = "X-Test-Upstream"


def _replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"deploy/nginx.conf no longer contains {old!r} exactly once"
    return text.replace(old, new)


def proxy_config(text: str, upstream_ports: list[int], port: int, prefix: Path) -> str:
    """The shipped configuration with local upstreams, port and paths under ``prefix``."""
    match = UPSTREAM_SERVERS.search(text)
    assert match, "deploy/nginx.conf has no 'server appN:8501' upstream lines"
    indent = match.group(1)
    servers = "".join(f"{indent}server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;\n" for p in upstream_ports)
    text = text[: match.start()] + servers + text[match.end() :]
    text = _replace_once(text, "pid /run/nginx.pid;", f"pid {prefix}/nginx.pid;")
    text = _replace_once(text, "error_log /dev/stderr warn;", f"error_log {prefix}/error.log warn;")
    text = _replace_once(text, "access_log /dev/stdout;", "access_log off;")
    text = _replace_once(text, "/var/cache/nginx/gladsaxe", f"{prefix}/cache")
    text = _replace_once(text, "listen 80;", f"listen 127.0.0.1:{port};")
    temp = "".join(
        f"    {kind}_temp_path {prefix}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    text = _replace_once(text, "http {\n", "http {\n" + temp)
    text = _replace_once(
        text,
        "location = /healthz {\n",
        f"location = /healthz {{\n            add_header {UPSTREAM_HEADER} $upstream_addr always;\n",
    )
    if os.geteuid() == 0:  # workers must reach the private temporary prefix
        text = "user root;\n" + text
    return text


def _drain(proc: subprocess.Popen, tail: collections.deque) -> None:
    for line in iter(proc.stderr.readline, b""):
        tail.append(line.decode(errors="replace").rstrip())


def start_nginx(upstream_ports: list[int], prefix: Path) -> tuple[subprocess.Popen, str]:
    """nginx in the foreground in front of the given app ports; returns (process, base URL).

    Its stderr is drained by a thread (last lines kept for the error message).
    """
    port = free_port()
    prefix.mkdir(parents=True, exist_ok=True)
    conf = prefix / "nginx.conf"
    conf.write_text(proxy_config(SHIPPED_CONFIG.read_text(encoding="utf-8"), upstream_ports, port, prefix))
    proc = subprocess.Popen(
        [NGINX, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    tail: collections.deque[str] = collections.deque(maxlen=100)
    threading.Thread(target=_drain, args=(proc, tail), name="stderr-nginx", daemon=True).start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            proc.wait()
            raise RuntimeError("nginx exited:\n" + "\n".join(tail))
        try:
            urllib.request.urlopen(url + "/healthz", timeout=5).close()
            return proc, url
        except urllib.error.HTTPError:
            return proc, url  # nginx answers; the apps' health is the test's business
        except OSError:
            time.sleep(0.2)  # interval of the loop polling /healthz
    proc.kill()
    raise RuntimeError("nginx did not answer in 30 s")


def stop_nginx(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
