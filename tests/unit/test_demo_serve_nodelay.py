"""The loopback demo server answers without Nagle's delay: an answer's body used to
wait ~40 ms for the client's delayed ACK of its headers (every answer after a
connection's first), which the speed benchmarks counted against the commands."""

from __future__ import annotations

import socket

from rapidly_tui.demo.serve import bind_loopback


def test_accepted_connections_send_without_delay() -> None:
    server = bind_loopback()
    try:
        client = socket.create_connection(server.getsockname()[:2])
        accepted, _ = server.accept()
        try:
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
        finally:
            accepted.close()
            client.close()
    finally:
        server.close()
