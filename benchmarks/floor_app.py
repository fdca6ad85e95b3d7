"""The cold-start floor: the reference app, plus the client stack of the design card.

rapidly-tui is a Textual app that talks to the API through httpx and parses the answers
with pydantic. This is the reference app (benchmarks/reference_app.py) that only
imports those two libraries first, with the cyclic garbage collector off as
rapidly-tui's start-up has it: what a cold start would take if rapidly-tui's own code
(its modules, the demo data, the requests, a screen of seven panels) cost nothing.
The benchmark prints it beside the cold-start budget.
"""

from __future__ import annotations

import gc

gc.disable()

import httpx  # noqa: E402, F401
import pydantic  # noqa: E402, F401
from pydantic import BaseModel  # noqa: E402, F401
from reference_app import ReferenceApp  # noqa: E402

if __name__ == "__main__":
    ReferenceApp().run()
