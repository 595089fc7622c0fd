"""The TLS context of the httpx clients the SDK creates: httpx's default, built once per process and setting.

httpx builds a new context for every client, parsing the whole CA bundle each time: some 25-40 ms of CPU
per client (encode/httpx#3473). The context verifies like httpx's own (certifi's bundle, or the one
SSL_CERT_FILE / SSL_CERT_DIR name); it is shared by the clients the SDK makes and never changed after it
is built, so sharing it is safe across threads and event loops. A bundle file edited while the process
runs is read again only for a new SSL_CERT_FILE / SSL_CERT_DIR value. A client given its own `http_client`
keeps that client's TLS settings.
"""

from __future__ import annotations

import functools
import os
import ssl

import httpx


@functools.lru_cache(maxsize=8)
def _context(cert_file: str | None, cert_dir: str | None) -> ssl.SSLContext:
    return httpx.create_ssl_context()  # reads SSL_CERT_FILE, then SSL_CERT_DIR, else certifi's bundle


def default_tls_context() -> ssl.SSLContext:
    """httpx's default verifying context for the current SSL_CERT_FILE / SSL_CERT_DIR, built once for each."""
    return _context(os.environ.get("SSL_CERT_FILE") or None, os.environ.get("SSL_CERT_DIR") or None)
