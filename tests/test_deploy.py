"""The deployment files: compose runs two app replicas on PostgreSQL behind nginx, and the
shipped nginx configuration is valid nginx (checked with Debian's nginx itself)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml

from testkit import need
from testkit.app import REPO
from testkit.proxy import NGINX, SHIPPED_CONFIG, proxy_config

COMPOSE = yaml.safe_load((REPO / "deploy" / "compose.yaml").read_text(encoding="utf-8"))


def test_compose_has_two_app_replicas_postgres_and_nginx():
    services = COMPOSE["services"]
    assert {"app1", "app2", "db", "nginx"} <= set(services)
    for app in ("app1", "app2"):
        env = services[app]["environment"]
        assert env["DATABASE_URL"].startswith("postgresql+psycopg://") and "@db:5432/" in env["DATABASE_URL"]
        assert services[app]["build"]["dockerfile"] == "deploy/Dockerfile"
    assert "./nginx.conf:/etc/nginx/nginx.conf:ro" in services["nginx"]["volumes"]


def test_nginx_config_names_both_replicas_and_the_websocket_upgrade():
    text = SHIPPED_CONFIG.read_text(encoding="utf-8")
    assert "server app1:8501" in text and "server app2:8501" in text
    assert "hash $gm_route consistent;" in text
    assert "location = /_stcore/stream" in text and "proxy_set_header Upgrade $http_upgrade;" in text
    assert "gzip on;" in text and "proxy_cache gladsaxe;" in text


def test_shipped_nginx_config_is_valid(tmp_path):
    need(Path(NGINX).exists(), f"nginx not found at {NGINX}")
    conf = tmp_path / "nginx.conf"
    conf.write_text(proxy_config(SHIPPED_CONFIG.read_text(encoding="utf-8"), [8501, 8502], 8080, tmp_path))
    checked = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
