"""Serve the demo API over loopback TCP: ``python -m rapidly_tui.demo.serve``.

For benchmarks and manual testing against a real socket. The first line on stdout is
the base URL (``http://127.0.0.1:PORT``), so a parent process can read the port.
uvicorn is a test/bench dependency, not a runtime one, and is imported here only.
"""

from __future__ import annotations

import argparse
import ipaddress
import socket
import sys
from collections.abc import Sequence

from rapidly_tui.demo import build_dataset, create_app


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind_loopback(host: str = "127.0.0.1", port: int = 0) -> socket.socket:
    """A listening socket on a loopback address (port 0: any free port)."""
    if not _is_loopback(host):
        raise ValueError(f"refusing to serve the demo on a non-loopback address: {host}")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Inherited by each accepted connection: an answer's headers and body go out in two
    # writes, and without it the body waited for the client's delayed ACK of the
    # headers (~40 ms on every answer after a connection's first), as a real API's
    # server (which sets it) never makes anyone wait.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(128)
    return sock


def base_url(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m rapidly_tui.demo.serve", description="Serve the demo Rapidly API."
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="loopback address (default %(default)s)"
    )
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port (default)")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="delay every answer")
    parser.add_argument("--acme-customers", type=int, default=1214, help="size of the data set")
    parser.add_argument(
        "--moving", action="store_true", help="new events, payments and deliveries keep arriving"
    )
    args = parser.parse_args(argv)
    try:
        import uvicorn
    except ImportError:
        print(
            "The demo server needs uvicorn, a test dependency: run `uv sync` (or"
            " `pip install uvicorn`).",
            file=sys.stderr,
        )
        return 1
    try:
        sock = bind_loopback(args.host, args.port)
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    app = create_app(
        build_dataset(acme_customers=args.acme_customers),
        latency=args.latency_ms / 1000,
        moving=args.moving,
    )
    print(base_url(sock), flush=True)
    config = uvicorn.Config(app, lifespan="off", log_level="warning", access_log=False)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:  # pragma: no cover - interactive stop
        pass
    finally:
        sock.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
