"""#14 Minor: with DEBUG on (the demo), an unknown address shows Sumai's 404 page, not Django's list of every
URL pattern; SUMAI["TECHNICAL_404"] brings the list back for a developer."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_demo_shows_the_products_404(client, settings):
    settings.DEBUG = True
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 404
    html = response.content.decode()
    assert "ページが見つかりません" in html
    assert "URLconf" not in html
    assert "registry/" not in html


def test_a_developer_may_ask_for_the_technical_page(client, settings):
    settings.DEBUG = True
    settings.SUMAI = {**settings.SUMAI, "TECHNICAL_404": True}
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "URLconf" in response.content.decode()
