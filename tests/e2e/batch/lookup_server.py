"""An in-process generations API that counts how many lookups are in flight at once.

A lookup is two concurrent requests (`/generation` and `/generation/content`) for one ID, so
"lookups in flight" is the number of distinct IDs with at least one request being served.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from explorer.api.client import GenerationsClient, RetryPolicy
from tests.support.clock import RecordedSleeps  # noqa: F401  (imported from here by the suites)
from tests.support.responses import json_response, served

BASE_URL = "http://gateway.test/api/v1"


def error(status: int, message: str, headers: dict | None = None) -> httpx.Response:
    return json_response({"error": {"code": status, "message": message}}, status, headers)


@dataclass
class LookupServer:
    """Answers every ID with a generation, unless scripted otherwise.

    `scripted[(path, id)]` is a list of responses served in order, then the default answer
    (path is "generation" or "content"). `delay` is a server-side latency per request;
    `gate`, when set, holds every request until it is set.
    """

    delay: float = 0.0
    gate: asyncio.Event | None = None
    scripted: dict[tuple[str, str], list[httpx.Response]] = field(default_factory=dict)
    active: Counter = field(default_factory=Counter)
    max_lookups_in_flight: int = 0
    requests: list[tuple[str, str]] = field(default_factory=list)
    # In-flight lookup count seen by each request as it arrived, after `mark()` was called.
    arrivals_after_mark: list[int] = field(default_factory=list)
    marked: bool = False

    def script(self, path: str, generation_id: str, *responses: httpx.Response) -> None:
        self.scripted.setdefault((path, generation_id), []).extend(responses)

    def mark(self) -> None:
        self.marked = True

    @property
    def lookups_in_flight(self) -> int:
        return sum(1 for count in self.active.values() if count > 0)

    def requests_for(self, generation_id: str, path: str = "generation") -> int:
        return self.requests.count((path, generation_id))

    async def _serve(self, request: Request) -> Response:
        path = "content" if request.url.path.endswith("/content") else "generation"
        generation_id = request.query_params["id"]
        self.requests.append((path, generation_id))
        self.active[generation_id] += 1
        self.max_lookups_in_flight = max(self.max_lookups_in_flight, self.lookups_in_flight)
        if self.marked:
            self.arrivals_after_mark.append(self.lookups_in_flight)
        try:
            if self.gate is not None:
                await self.gate.wait()
            if self.delay:
                await asyncio.sleep(self.delay)
            queue = self.scripted.get((path, generation_id))
            return served(queue.pop(0) if queue else self._default(path, generation_id))
        finally:
            self.active[generation_id] -= 1

    @staticmethod
    def _default(path: str, generation_id: str) -> httpx.Response:
        if "missing" in generation_id:
            return error(404, "Generation not found")
        if "broken" in generation_id:
            return error(500, "Internal error")
        if path == "content":
            return json_response({"data": {"input": {"messages": [{"role": "user",
                                                                   "content": generation_id}]},
                                           "output": {"completion": "ok"}}})
        return json_response({"data": {"id": generation_id, "model": "test/model",
                                       "provider_responses": [{"provider_name": "P",
                                                               "status": 200, "latency": 5}]}})

    def app(self) -> Starlette:
        return Starlette(routes=[
            Route("/api/v1/generation", self._serve),
            Route("/api/v1/generation/content", self._serve),
        ])

    def client(self) -> GenerationsClient:
        """A client reaching this app in-process, with the client's own retries off."""
        return GenerationsClient(BASE_URL, "test-key", transport=httpx.ASGITransport(self.app()),
                                 retry=RetryPolicy(attempts=1))
