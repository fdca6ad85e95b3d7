"""Who is asking (the demo's tokens and what they see) and the context a handler gets."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapidly_tui.demo.data import JSON, DemoData
from rapidly_tui.demo.query import Query, canonical_uuid, uuid_problem, validation_error

# Public demo credentials: they only open the in-process demo data set.
DEMO_TOKEN = "rapidly_at_u_demo_7f3c9a1e5b2d4c6f8a0b"  # noqa: S105
DEMO_ACME_TOKEN = "rapidly_oat_demo_acme_4b8e2f6a1c3d5e7f9a0b"  # noqa: S105
DEMO_LIMITED_TOKEN = "rapidly_oat_demo_limited_9c1e3a5b7d2f4e6a8b0c"  # noqa: S105


@dataclass(frozen=True)
class Principal:
    """Who a token is: which workspaces it sees and which scopes it has (None: all)."""

    workspace_slugs: frozenset[str] | None
    scopes: frozenset[str] | None

    def allows(self, required: Sequence[str]) -> bool:
        return self.scopes is None or any(scope in self.scopes for scope in required)


TOKENS: dict[str, Principal] = {
    DEMO_TOKEN: Principal(None, None),
    DEMO_ACME_TOKEN: Principal(frozenset({"acme"}), None),
    DEMO_LIMITED_TOKEN: Principal(
        frozenset({"acme"}),
        frozenset(
            {
                "workspaces:read",
                "customers:read",
                "customers:write",
                "members:read",
                "members:write",
            }
        ),
    ),
}


@dataclass
class Request:
    data: DemoData
    principal: Principal
    query: Query
    params: dict[str, str]

    @property
    def workspace_ids(self) -> set[str]:
        slugs = self.principal.workspace_slugs
        return {w["id"] for w in self.data.workspaces if slugs is None or w["slug"] in slugs}

    def scoped(self, workspace_filter: list[str]) -> set[str]:
        """Visible workspace ids, narrowed by a ``workspace_id`` filter (others: empty)."""
        visible = self.workspace_ids
        return visible & set(workspace_filter) if workspace_filter else visible

    def path_uuid(self, name: str = "id") -> str:
        raw = self.params[name]
        problem = uuid_problem(raw, ["path", name])
        if problem:
            raise validation_error([problem])
        return canonical_uuid(raw)


Handler = Callable[[Request], JSON]
