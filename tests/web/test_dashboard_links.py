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


@pytest.mark.django_db
def test_dashboards_count_support_corporations_as_the_statistics_do(client, demo_orgs):
    """Only corporations holding a designation count, on the dashboards and on the statistics page alike
    (an applicant still in draft is not a support corporation yet)."""
    from datetime import date

    from sumai.insights.selectors import corporation_stats
    from sumai.support.models import SupportCorporation
    from tests.factories import OrganisationFactory

    for i, state in enumerate(["designated", "designated", "draft", "submitted"]):
        org = OrganisationFactory(kind="support_corporation", name=f"法人{i}", prefecture_id="13")
        SupportCorporation.objects.create(
            organisation=org,
            prefecture_id="13",
            legal_form="npo",
            state=state,
            designation_number=f"13-{i}" if state == "designated" else "",
            designated_on=date(2021, 4, 1) if state == "designated" else None,
        )
    total = corporation_stats().total
    client.force_login(demo_orgs.user("national", "viewer"))
    html = client.get(reverse("web:dashboard")).content.decode()
    assert total == 2
    assert f"<dt>居住支援法人数</dt><dd>{total}</dd>" in html
    council = demo_orgs.orgs["council"]
    council.prefecture_id = "13"
    council.save()
    client.force_login(demo_orgs.user("council", "viewer"))
    html = client.get(reverse("web:dashboard")).content.decode()
    tokyo = sum(r.total for r in corporation_stats().prefectures if r.code == "13")
    assert tokyo == total
    assert "<dt>都道府県内の居住支援法人数</dt><dd>2</dd>" in html
