"""The demo's shares, one per kind of price (fixed, free, custom) and visibility."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from rapidly_tui.demo.common import JSON, _rng, _uuid4, iso

if TYPE_CHECKING:
    from rapidly_tui.demo.data import DemoData


def make_shares(data: DemoData) -> list[JSON]:
    """Five shares (four of Acme), priced each way a share can be."""
    rng = _rng(f"{data.seed}:shares")
    specs = (
        (data.acme, "Quarterly report Q3", "public", "fixed", 4200),
        (data.acme, "Données privées — 機密", "private", "fixed", 99900),
        (data.acme, "Draft deliverable", "draft", "free", None),
        (data.acme, "[b]Pay what you want[/b]", "public", "custom", 500),
        (data.globex, "Sandbox sample", "private", "free", None),
    )
    records = []
    for index, (workspace, name, visibility, amount_type, amount) in enumerate(specs):
        when = data.base_time - timedelta(days=index * 3 + 1, microseconds=rng.randrange(10**6))
        share_id = _uuid4(rng)
        price: JSON = {
            "created_at": iso(when),
            "modified_at": None,
            "id": _uuid4(rng),
            "source": "catalog",
            "amount_type": amount_type,
            "price_currency": workspace["default_presentment_currency"],
            "is_archived": False,
            "share_id": share_id,
        }
        if amount_type == "fixed":
            price["price_amount"] = amount
        elif amount_type == "custom":
            price.update(minimum_amount=amount, maximum_amount=None, preset_amount=None)
        records.append(
            {
                "id": share_id,
                "created_at": iso(when),
                "modified_at": None,
                "name": name,
                "description": f"Demo share: {name}",
                "visibility": visibility,
                "is_archived": False,
                "workspace_id": workspace["id"],
                "metadata": {"demo": True},
                "prices": [price],
                "medias": [],
                "attached_custom_fields": [],
                "_ts": when.timestamp(),
            }
        )
    return records
