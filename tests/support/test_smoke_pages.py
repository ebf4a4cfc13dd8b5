from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from sumai.places.models import Municipality
from sumai.support import selectors
from tests.support.conftest import make_corporation

pytestmark = pytest.mark.django_db


def test_serving_partial_lists_and_empty_state(client) -> None:  # type: ignore[no-untyped-def]
    c = make_corporation()
    setagaya = Municipality.objects.get(pk="131121")
    corps = selectors.corporations_serving(municipality_code="131121")
    html = render_to_string("support/_serving.html", {"corporations": corps, "municipality": setagaya})
    assert c.organisation.name in html
    assert reverse("support:corporation", kwargs={"pk": c.pk}) in html
    assert "tel:0312345678" in html
    other = Municipality.objects.get(pk="131016")
    html = render_to_string("support/_serving.html", {"corporations": [], "municipality": other})
    assert "No support corporation has registered" in html
    assert client.get(reverse("support:directory")).status_code == 200
    assert client.get(reverse("support:corporation", kwargs={"pk": c.pk})).status_code == 200
