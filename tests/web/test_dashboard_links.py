"""Each app puts its own links on an organisation's dashboard panel (registered with the kernel)."""

from __future__ import annotations

import pytest
from django.urls import reverse

EXPECTED = {
    "operator": ["registry:buildings"],
    "agent": ["registry:buildings"],
    "authority": ["registry:inbox", "support:inbox"],
    "support_corporation": ["support:services"],
    "council": ["councils:grants"],
}


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "names"), EXPECTED.items())
def test_the_panel_shows_the_links_of_the_apps_for_its_kind(client, demo_orgs, kind, names):
    org = demo_orgs.orgs[kind]
    client.force_login(demo_orgs.user(kind, "staff"))
    html = client.get(reverse("web:dashboard")).content.decode()
    for name in names:
        kwargs = {"org_id": org.pk} if name == "support:services" else {}
        assert f'href="{reverse(name, kwargs=kwargs)}"' in html, name
    others = {n for k, ns in EXPECTED.items() if k != kind for n in ns} - set(names)
    for name in others - {"support:services"}:
        assert f'href="{reverse(name)}"' not in html, f"{kind} sees {name}"
