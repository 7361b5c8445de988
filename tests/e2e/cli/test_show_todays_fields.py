"""`show` prints today's API fields: region and service tier, each attempt's routed tier, and
the failure a content answer records, in plain text, Markdown and JSON."""

from __future__ import annotations

import json
import re

import pytest

from explorer.cli import main
from explorer.demo.data import DEMO_CASES


def show(capsys, case: str, *flags: str) -> str:
    code = main(["show", DEMO_CASES[case], "--demo", "--no-history", *flags])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


@pytest.mark.parametrize(("case", "region", "tier", "routed"), [
    ("tool-chat-image", "europe", "default", None),
    ("large-content", "us", "flex", "flex"),
    ("max-tokens-length", "global", "—", "ultrafast"),
    ("schema-drift", "global", "priority", "priority"),
])
def test_plain_show_prints_region_tier_and_routed_tier(capsys, case, region, tier, routed):
    out = show(capsys, case)
    assert re.search(rf"^  region +{region}$", out, re.M)
    assert re.search(rf"^  service tier +{tier}$", out, re.M)
    attempts = out.split("Provider attempts\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert attempts[0].split() == ["#", "provider", "model", "status", "latency", "tier", "BYOK"]
    if routed:
        assert all(routed in line.split() for line in attempts[1:])
    assert "None" not in out


def test_plain_show_prints_the_preset_of_a_generation_made_with_one(capsys):
    assert re.search(r"^  preset +c8a2f4e1-3b7d-4a90-b6e5-1d9f0a2c7e43$",
                     show(capsys, "tool-chat-image"), re.M)


def test_plain_show_prints_the_content_failure_and_every_earlier_error(capsys):
    out = show(capsys, "all-providers-failed")
    failure = out.split("## Generation error\n", 1)[1]
    assert "Generation failed: Provider returned error (status 502, provider Together)" in failure
    assert "1. Alibaba: 429 Rate limit reached" in failure
    assert "2. DigitalOcean: 503 Service Unavailable: no healthy upstream" in failure
    assert re.search(r"^  region +europe$", out, re.M)


def test_markdown_and_json_carry_the_failure_and_the_tier(capsys):
    markdown = show(capsys, "all-providers-failed", "--markdown")
    assert "## Generation error" in markdown and "| region | europe |" in markdown
    data = json.loads(show(capsys, "all-providers-failed", "--json"))
    assert [e["code"] for e in data["content"]["error"]["previous_errors"]] == [429, 503]
    assert data["metadata"]["Generation"]["region"] == "europe"
    data = json.loads(show(capsys, "max-tokens-length", "--json"))
    assert data["generation"]["provider_responses"][0]["routed_service_tier"] == "ultrafast"
    assert "| ultrafast |" in show(capsys, "max-tokens-length", "--markdown")


def test_an_image_generation_shows_cleanly(capsys):
    out = show(capsys, "image-generation")
    assert re.search(r"^  api type +image$", out, re.M) and "None" not in out
