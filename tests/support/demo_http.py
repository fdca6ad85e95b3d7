"""Raw HTTP against the in-process demo app (no client models in the way)."""

from __future__ import annotations

from typing import Any

import httpx

from rapidly_tui.demo import DEMO_TOKEN, DemoApp, create_app, demo_transport

BASE_URL = "http://demo.test"


async def demo_request(
    path: str,
    *,
    token: str | None = DEMO_TOKEN,
    params: Any = None,
    app: DemoApp | None = None,
    headers: dict[str, str | bytes] | None = None,
    method: str = "GET",
) -> httpx.Response:
    """One request to the demo app; ``token=None`` sends no Authorization header."""
    sent: dict[str, str | bytes] = dict(headers or {})
    if token is not None:
        sent.setdefault("Authorization", f"Bearer {token}")
    transport = demo_transport(app if app is not None else create_app())
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        return await client.request(method, path, params=params, headers=sent)


async def demo_json(path: str, **kwargs: Any) -> Any:
    """The JSON body of a request that must succeed."""
    response = await demo_request(path, **kwargs)
    assert response.status_code == 200, (response.status_code, response.text[:500])
    return response.json()
