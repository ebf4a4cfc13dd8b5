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
from tests.matrix.samples import ACTORS, SAMPLES, Actor, Call, Sample
from tests.matrix.test_matrix import Probe, expected
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


def _served(world: World, sample: Sample, call: Call) -> tuple[Actor, dict[str, Any]] | None:
    for actor in (*ACTORS[2:], ACTORS[1], ACTORS[0]):
        kwargs = sample.kwargs(world, "own", actor.kind or sample.default_kind)
        if expected(world, Probe(sample, call, actor, "own"), kwargs).served:
            return actor, kwargs
    return None


@pytest.mark.parametrize(("sample", "call"), _pages())
def test_hostile_values_are_no_server_error(
    db: None, world: World, sessions: dict[str, str], sample: Sample, call: Call
) -> None:
    if sample.setup:
        sample.setup(world)
    served = _served(world, sample, call)
    if served is None:
        pytest.skip("served to nobody on its own side")
    actor, kwargs = served
    url = reverse(sample.name, kwargs=kwargs)
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
