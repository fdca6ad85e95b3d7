"""`python -m rapidly_tui.demo.serve`: loopback only, URL on the first stdout line."""

from __future__ import annotations

import ipaddress
import socket
import subprocess
import sys
import time

import httpx
import pytest

from rapidly_tui.demo import DEMO_TOKEN
from rapidly_tui.demo.serve import base_url, bind_loopback, main


def test_serves_over_loopback_and_prints_the_url_first() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "rapidly_tui.demo.serve", "--latency-ms", "60",
         "--acme-customers", "300"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        deadline = time.monotonic() + 10
        while True:
            try:
                started = time.perf_counter()
                response = httpx.get(
                    f"{url}/api/customers/",
                    headers={"Authorization": f"Bearer {DEMO_TOKEN}"},
                    params={"limit": 1},
                )
                break
            except httpx.ConnectError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        assert response.status_code == 200
        assert response.json()["meta"]["total"] == 300 + 40
        assert time.perf_counter() - started >= 0.06
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10", "example.com", "::"])  # noqa: S104
def test_refuses_non_loopback_hosts(host: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--host", host]) == 2
    assert "non-loopback" in capsys.readouterr().err


def test_explains_a_missing_uvicorn(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    assert main([]) == 1
    assert "uvicorn" in capsys.readouterr().err


def has_ipv6_loopback() -> bool:
    """Whether this machine can listen on ::1 (containers often have no IPv6)."""
    if not socket.has_ipv6:
        return False
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return False
    return True


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1"])
def test_bind_loopback(host: str) -> None:
    # Only ::1 may be missing; a failure to bind the IPv4 loopback is a failure.
    if host == "::1" and not has_ipv6_loopback():
        pytest.skip("this host has no IPv6 loopback")
    with bind_loopback(host, 0) as sock:
        assert ipaddress.ip_address(sock.getsockname()[0]).is_loopback
        url = base_url(sock)
        assert url.startswith("http://")
        assert url.rsplit(":", 1)[1].isdigit()
        with socket.create_connection(sock.getsockname()[:2], timeout=5):
            pass  # it listens
