"""Every write, sent with an empty body by an asker it serves, answers without a server error: forms say what
is missing (400), workflow steps explain themselves (302 with a message), the API names the field (400)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.matrix import conftest as mx
from tests.matrix.samples import ACTORS, SAMPLES, Actor, Call, Sample
from tests.matrix.test_matrix import Probe, expected
from tests.matrix.world import World


def _writes() -> list[Any]:
    params = []
    for sample in SAMPLES:
        for call in sample.calls:
            if call.method != "GET" and call.body is not None:
                params.append(pytest.param(sample, call, id=f"{sample.name}|{call.method}"))
    return params


def first_served(world: World, sample: Sample, call: Call) -> Actor | None:
    """A member the write serves on its own object; else the superuser, else anonymous (public forms)."""
    for actor in (*ACTORS[2:], ACTORS[1], ACTORS[0]):
        kwargs = sample.kwargs(world, "own", actor.kind or sample.default_kind)
        if expected(world, Probe(sample, call, actor, "own"), kwargs).served:
            return actor
    return None


@pytest.mark.parametrize(("sample", "call"), _writes())
def test_an_empty_body_is_no_server_error(
    db: None, world: World, sessions: dict[str, str], sample: Sample, call: Call
) -> None:
    if sample.setup:
        sample.setup(world)
    actor = first_served(world, sample, call)
    assert actor is not None, f"{sample.name}: no actor is served"
    url = reverse(sample.name, kwargs=sample.kwargs(world, "own", actor.kind or sample.default_kind))
    client = mx.client_for(sessions, actor)
    mx.reset_caches()
    method = getattr(client, call.method.lower())
    response = method(url, {}, content_type="application/json") if call.json else method(url, {})
    assert response.status_code < 500, f"{sample.name} as {actor.label}: {response.status_code}"
    assert response.status_code not in (401, 403), f"{sample.name} as {actor.label}: refused"
