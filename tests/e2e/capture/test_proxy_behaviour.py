"""The recording proxy forwards requests unchanged and relays answers unchanged (compressed bodies,
errors, streams chunk by chunk), cancels the upstream request when the client leaves, and answers
its own failures with a 502 in the API's error shape."""

from __future__ import annotations

import asyncio
import gzip
import json

import httpx
import pytest

from explorer.capture.commands import is_loopback
from explorer.capture.proxy import HOP_BY_HOP
from explorer.cli import main
from tests.e2e.capture.conftest import CLIENT_KEY
from tests.e2e.capture.upstream import ECHO_ID, STREAM_ID, UNSIZED_ID, RecordingUpstream
from tests.e2e.servers import serve

AUTH = {"Authorization": f"Bearer {CLIENT_KEY}"}


@pytest.fixture
def upstream():
    recording = RecordingUpstream()
    with serve(recording.app) as server:
        recording.base_url = server.base_url
        yield recording


def forwarded_view(request: dict) -> dict:
    """A request as the upstream saw it, less what a hop may change (Host, hop-by-hop headers)."""
    headers = [(k, v) for k, v in request["headers"] if k not in HOP_BY_HOP and k != "host"]
    return {**request, "headers": headers}


def end_to_end_headers(response: httpx.Response) -> dict[str, str]:
    return {k: v for k, v in response.headers.items() if k not in HOP_BY_HOP and k != "date"}


async def test_a_request_and_its_compressed_answer_pass_unchanged(upstream, rig_for):
    target = "/echo/a%2Fb?x=1&y=%20&x=2"
    headers = {**AUTH, "X-Custom": "one", "Accept-Encoding": "gzip", "Content-Type": "application/json"}
    async with rig_for(upstream.base_url) as rig, httpx.AsyncClient() as client:
        answers = []
        for base in (upstream.base_url, rig.base_url):
            client.cookies.clear()  # the answer sets one: the second request must not send it
            request = client.build_request("PUT", base + target, headers=headers, content=b'{"a": 1}')
            response = await client.send(request, stream=True)
            answers.append((response, b"".join([chunk async for chunk in response.aiter_raw()])))
            await response.aclose()
        (direct, direct_body), (proxied, proxied_body) = answers
        assert forwarded_view(upstream.requests[1]) == forwarded_view(upstream.requests[0])
        assert upstream.requests[1]["target"] == "/api/v1/echo/a%2Fb?x=1&y=%20&x=2"
        assert ("authorization", f"Bearer {CLIENT_KEY}") in upstream.requests[1]["headers"]
        assert proxied.status_code == direct.status_code == 200
        assert proxied_body == direct_body and gzip.decompress(proxied_body).startswith(b'{"id"')
        assert end_to_end_headers(proxied) == end_to_end_headers(direct)
        assert proxied.headers["content-encoding"] == "gzip" and proxied.headers["set-cookie"] == "a=b; Path=/"
        failed = await rig.ended(ECHO_ID)  # captured from the gzip body; this upstream has no stats
    assert failed.kind == "failed" and "404" in failed.reason
    assert [row.id for row in rig.log.list_captures()] == [ECHO_ID]


async def test_any_method_and_path_under_the_base_is_forwarded(upstream, rig_for):
    async with rig_for(upstream.base_url) as rig, httpx.AsyncClient() as client:
        for method in ("GET", "DELETE", "OPTIONS", "PATCH"):
            response = await client.request(method, rig.base_url + "/models/some-model?page=2", headers=AUTH)
            assert response.status_code == 404 and response.json()["error"]["message"] == "Generation not found"
    assert [(r["method"], r["target"]) for r in upstream.requests] == [
        (m, "/api/v1/models/some-model?page=2") for m in ("GET", "DELETE", "OPTIONS", "PATCH")]
    assert rig.events == []  # error answers carry no generation


async def test_upstream_errors_pass_through_as_they_are(upstream, rig_for):
    async with rig_for(upstream.base_url) as rig, httpx.AsyncClient() as client:
        direct = await client.post(upstream.base_url + "/limited", headers=AUTH)
        proxied = await client.post(rig.base_url + "/limited", headers=AUTH)
    assert proxied.status_code == direct.status_code == 429
    assert proxied.content == direct.content
    assert end_to_end_headers(proxied) == end_to_end_headers(direct)
    assert proxied.headers["retry-after"] == "7"


async def test_a_stream_is_relayed_as_it_comes_and_looked_up_after_it_ends(upstream, rig_for):
    async with rig_for(upstream.base_url) as rig, httpx.AsyncClient() as client:
        async with client.stream("POST", rig.base_url + "/held-stream", headers=AUTH, json={}) as response:
            chunks = response.aiter_raw()
            first = await anext(chunks)  # while the upstream still holds the rest back
            received = first
            while b"\n\ndata: " not in received and STREAM_ID.encode() not in received:
                received += await anext(chunks)
            await rig.until(lambda: any(e.kind == "captured" for e in rig.events))
            assert [e.kind for e in rig.events] == ["captured"]  # no lookup while the answer runs
            upstream.release.set()
            rest = b"".join([chunk async for chunk in chunks])
        assert (received + rest).endswith(b"data: [DONE]\n\n") and upstream.stream_finished
        ended = await rig.ended(STREAM_ID)
    assert ended.kind == "failed"


async def test_a_client_leaving_mid_stream_cancels_the_upstream_request(upstream, rig_for):
    async with rig_for(upstream.base_url) as rig, httpx.AsyncClient() as client:
        async with client.stream("POST", rig.base_url + "/held-stream", headers=AUTH, json={}) as response:
            await anext(response.aiter_raw())
        # the client is gone: the proxy drops the upstream request, whose stream then ends
        assert await asyncio.to_thread(upstream.stream_closed.wait, 10)
        assert not upstream.stream_finished and not upstream.release.is_set()
        ended = await rig.ended(STREAM_ID)  # still looked up: a cancelled generation has stats too
    assert ended.kind == "failed"


async def test_an_unsized_json_answer_is_relayed_in_pieces_and_its_id_still_taken(upstream, rig_for):
    async with rig_for(upstream.base_url) as rig, httpx.AsyncClient() as client:
        direct = await client.post(upstream.base_url + "/unsized-json", headers=AUTH)
        proxied = await client.post(rig.base_url + "/unsized-json", headers=AUTH)
        assert proxied.content == direct.content and "content-length" not in proxied.headers
        assert (await rig.ended(UNSIZED_ID)).kind == "failed"  # this upstream has no stats


async def test_an_upstream_that_breaks_off_mid_stream_breaks_the_relayed_stream_too(upstream, rig_for):
    async with rig_for(upstream.base_url) as rig, httpx.AsyncClient() as client:
        received = b""
        with pytest.raises(httpx.RemoteProtocolError):
            async with client.stream("POST", rig.base_url + "/broken-stream", headers=AUTH) as response:
                async for chunk in response.aiter_raw():
                    received += chunk
        assert STREAM_ID.encode() in received and b"[DONE]" not in received
        assert (await rig.ended(STREAM_ID)).kind == "failed"


async def test_an_unreachable_upstream_is_a_502_in_the_api_error_shape(rig_for, refusing_port):
    async with rig_for(refusing_port.base_url) as rig, httpx.AsyncClient() as client:
        response = await client.post(rig.base_url + "/chat/completions", headers=AUTH, json={})
    assert response.status_code == 502 and response.headers["content-type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] == 502 and "unreachable" in error["message"]
    assert error["metadata"]["upstream"] == refusing_port.base_url.removesuffix("/api/v1")
    assert CLIENT_KEY not in response.text


async def test_a_path_outside_the_base_is_not_forwarded(upstream, rig_for):
    async with rig_for(upstream.base_url) as rig, httpx.AsyncClient() as client:
        response = await client.get(rig.base_url.removesuffix("/api/v1") + "/other/path")
    assert response.status_code == 404 and response.json()["error"]["code"] == 404
    assert upstream.requests == []


def test_a_non_loopback_host_needs_allow_remote(capsys):
    assert main(["proxy", "--host", "0.0.0.0", "--port", "0"]) == 2
    assert "--allow-remote" in capsys.readouterr().err
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4") and not is_loopback("example.com")


def test_an_upstream_that_is_not_a_url_is_refused(capsys):
    assert main(["proxy", "--upstream", "127.0.0.1:8787"]) == 2
    assert "http://" in capsys.readouterr().err


async def test_an_idle_proxy_gives_the_freed_memory_back(upstream, rig_for, monkeypatch):
    loop = asyncio.get_running_loop()
    trimmed = asyncio.Event()

    def give_back() -> bool:  # runs in the executor's thread
        loop.call_soon_threadsafe(trimmed.set)
        return True

    monkeypatch.setattr("explorer.capture.proxy.IDLE_TRIM_SECONDS", 0.0)
    monkeypatch.setattr("explorer.services.give_back_freed_memory", give_back)
    async with rig_for(upstream.base_url) as rig, httpx.AsyncClient() as client:
        response = await client.get(rig.base_url + "/models/x", headers=AUTH)
        assert response.status_code == 404
        await asyncio.wait_for(trimmed.wait(), 10)  # no request in flight any more
