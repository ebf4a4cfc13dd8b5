"""#13 "in CI from now on": a fuzz of every HTML form and query string with hostile values — huge numbers,
NUL, nested JSON text, full-width digits, markup, a 1 MB string, wrong content types — sent by an asker each
page serves. Zero 5xx. The pages and their fields are discovered, not listed: every sample of the permission
matrix (so a new page is covered once it has its sample), and the field names of the forms it shows."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from tests.matrix import conftest as mx
from tests.matrix.samples import SAMPLES, Call, Sample
from tests.matrix.test_empty_bodies import first_served
from tests.matrix.world import World

HOSTILE = [
    "9" * 30,
    "-" + "9" * 25,
    "1e999",
    "\x00",
    "１２３４５",
    '{"a":' * 40 + "1" + "}" * 40,
    "<script>alert(1)</script>",
    "../../../etc/passwd",
    "%00%ff",
]
BIG = "x" * (1024 * 1024)
FIELD = re.compile(r'<(?:input|select|textarea)\b[^>]*?\sname="([^"]+)"')
SKIP = {"csrfmiddlewaretoken", "language", "next"}


def _pages() -> list[Any]:
    out = []
    for sample in SAMPLES:
        if sample.api or sample.page == "file":
            continue
        for call in sample.calls:
            if not call.json:
                out.append(pytest.param(sample, call, id=f"{sample.name}|{call.method}"))
    return out


@pytest.mark.parametrize(("sample", "call"), _pages())
def test_hostile_values_are_no_server_error(
    db: None, world: World, sessions: dict[str, str], sample: Sample, call: Call
) -> None:
    if sample.setup:
        sample.setup(world)
    actor = first_served(world, sample, call)
    if actor is None:
        pytest.skip("served to nobody on its own side")
    url = reverse(sample.name, kwargs=sample.kwargs(world, "own", actor.kind or sample.default_kind))
    client = mx.client_for(sessions, actor)
    mx.reset_caches()
    page = client.get(url)
    names = sorted(set(FIELD.findall(page.content.decode(errors="replace"))) - SKIP)
    if call.body is not None:
        names = sorted(set(names) | set(call.body(world, "own", actor.kind or sample.default_kind)) - SKIP)
    names = names or ["q", "page", "id"]
    send = client.get if call.method == "GET" else client.post
    answers: list[tuple[str, int]] = []
    for value in HOSTILE:
        answers.append((repr(value)[:20], send(url, dict.fromkeys(names, value)).status_code))
    answers.append(("1 MB", send(url, {names[0]: BIG}).status_code))
    if call.method == "POST":
        for content_type in ("application/json", "text/plain", "multipart/form-data; boundary=x"):
            status = client.post(url, data=b'{"a": [1, 2', content_type=content_type).status_code
            answers.append((content_type, status))
    errors = [(what, status) for what, status in answers if status >= 500]
    assert not errors, f"{sample.name} as {actor.label} with fields {names}: {errors}"
