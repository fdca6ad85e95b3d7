"""TLS is always verified; plain http (loopback) loads no certificates and fails closed."""

from __future__ import annotations

import ssl
from pathlib import Path

import pytest

from rapidly_tui.api.client import RapidlyClient
from rapidly_tui.api.tls import tls_context


def one_ca_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A bundle holding one certificate of certifi's (httpx's default)."""
    # A certificate directory (SSL_CERT_DIR) is read lazily: get_ca_certs() would be empty.
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    first = tls_context("https://api.rapidly.tech").get_ca_certs(binary_form=True)[0]
    bundle = tmp_path / "one.pem"
    bundle.write_text(ssl.DER_cert_to_PEM_cert(first), encoding="ascii")
    return bundle


def test_https_is_verified_against_a_certificate_bundle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    context = tls_context("https://api.rapidly.tech")
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname is True
    assert context.cert_store_stats()["x509_ca"] > 10  # certifi's bundle, via httpx


def test_https_honours_ssl_cert_file_as_httpx_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(one_ca_bundle(tmp_path, monkeypatch)))
    context = tls_context("https://rapidly.example.internal")
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.cert_store_stats()["x509_ca"] == 1


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000", "HTTP://localhost:8000/"])
def test_plain_http_loads_nothing_and_would_refuse_any_tls(url: str) -> None:
    context = tls_context(url)
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname is True
    assert context.cert_store_stats()["x509_ca"] == 0  # trusts nothing: fails closed


async def test_the_client_uses_the_context_it_is_given() -> None:
    context = tls_context("https://api.rapidly.tech")
    async with RapidlyClient("https://api.rapidly.tech", ssl_context=context) as client:
        # httpx keeps it on its connection pool: the one place TLS is set up.
        pool = client._http._transport._pool  # type: ignore[attr-defined]
        assert pool._ssl_context is context
