"""TLS settings for a server URL, built without blocking start-up.

Loading a bundle of trusted certificates takes ~20 ms, in OpenSSL with Python's lock
released: start-up builds the context in the thread that resolves the connection, beside
the event loop's own work (rapidly_tui/tui.py). Imports nothing heavy until it must.
"""

from __future__ import annotations

import ssl
from urllib.parse import urlsplit


def tls_context(base_url: str) -> ssl.SSLContext:
    """The TLS context for a client of ``base_url``.

    For https, httpx's own default, exactly what ``verify=True`` gives: certificates
    from ``SSL_CERT_FILE`` or ``SSL_CERT_DIR`` when set, else certifi's bundle, with
    hostname checking. For plain http (allowed for loopback addresses, or with
    ``--allow-http``) no TLS is ever spoken, so no certificates are loaded: the context
    still requires a verified certificate and trusts none, so any TLS attempt through
    it would fail closed.
    """
    if urlsplit(base_url).scheme.lower() == "http":
        return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    import httpx

    return httpx.create_ssl_context()
