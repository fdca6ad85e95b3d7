"""The cold-start floor: the reference app, plus the client stack of the design card.

rapidly-tui is a Textual app that talks to the API through httpx and parses the answers
with pydantic. This is the reference app (benchmarks/reference_app.py) that first
imports those two libraries and parses one small answer with a one-field pydantic
model (defining any model loads the rest of pydantic), with the cyclic garbage
collector off as rapidly-tui's start-up has it: what a cold start would take if
rapidly-tui's own code (its modules, the demo data, the requests, a screen of seven
panels) cost nothing. The benchmark prints it beside the cold-start budget.
"""

from __future__ import annotations

import gc

gc.disable()

import httpx  # noqa: E402
from pydantic import BaseModel  # noqa: E402
from reference_app import ReferenceApp  # noqa: E402


class Answer(BaseModel):
    name: str


if __name__ == "__main__":
    response = httpx.Response(200, json={"name": "ref"})
    Answer.model_validate_json(response.content)
    ReferenceApp().run()
