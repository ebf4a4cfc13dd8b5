"""Hostile input to the API is a 400/404/413 in JSON naming the field, never a 500 (#13, low): ids beyond
64 bits in paths, query parameters and vacancy pushes (SQLite's OverflowError), deeply nested JSON on
every JSON endpoint (RecursionError), far dates, tampered cursors, empty and null parameters, and a body
over the upload limit (it was answered in HTML)."""

from __future__ import annotations

import json

import pytest

from sumai.accounts.services import api_token_create

pytestmark = pytest.mark.django_db
HUGE = "9" * 25
NESTED_ARRAY = "[" * 5000 + "]" * 5000
NESTED_OBJECT = '{"a":' * 3000 + "1" + "}" * 3000
DEEP_BUT_PARSEABLE = '{"a":' * 100 + "1" + "}" * 100
JSON_ENDPOINTS = [
    "/api/v1/registry/units/",
    "/api/v1/registry/vacancy",
    "/api/v1/rules/household",
    "/api/v1/rules/unit",
    "/api/v1/rules/subsidy",
]

# (method, path, body, expected status, field named or None)
CASES = [
    ("get", f"/api/v1/units/{HUGE}/", None, 404, None),
    ("get", f"/api/v1/buildings/{HUGE}/", None, 404, None),
    ("get", f"/api/v1/registry/units/{HUGE}/", None, 404, None),
    ("get", f"/registry/buildings/{HUGE}/", None, 404, None),
    ("get", f"/api/v1/registry/units/?building={HUGE}", None, 400, "building"),
    ("get", f"/api/v1/buildings/?municipality=131016&after={HUGE}", None, 400, "after"),
    ("get", "/api/v1/registry/units/?page_size=null", None, 400, "page_size"),
    ("get", "/api/v1/registry/units/?page_size=", None, 400, "page_size"),
    ("get", "/api/v1/units/?page_size=null", None, 400, "page_size"),
    ("get", "/api/v1/units/?municipality=", None, 400, "municipality"),
    ("get", "/api/v1/units/?cursor=bz0xMDAwMDAwMDAwMDAwMDAwMDAwMDAwMA==", None, 400, "cursor"),
    (
        "post",
        "/api/v1/registry/vacancy",
        json.dumps({"updates": [{"unit": int(HUGE), "vacancy": "vacant"}]}),
        400,
        "updates[0].unit",
    ),
    (
        "post",
        "/api/v1/registry/units/",
        json.dumps({"building": int(HUGE), "number": "1"}),
        400,
        "building",
    ),
    *[("post", path, body, 400, "$") for path in JSON_ENDPOINTS for body in (NESTED_ARRAY, NESTED_OBJECT)],
    *[("post", path, DEEP_BUT_PARSEABLE, 400, "$") for path in JSON_ENDPOINTS],
    ("post", "/api/v1/registry/units/", "x" * (3 * 1024 * 1024), 413, "$"),
]


@pytest.fixture
def headers(demo_orgs):  # type: ignore[no-untyped-def]
    _t, secret = api_token_create(
        actor=demo_orgs.user("operator", "admin"),
        organisation=demo_orgs.orgs["operator"],
        name="fuzz",
        scopes=["read", "write"],
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}", "HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "field"),
    CASES,
    ids=[f"{m}-{p[:60]}-{len(b or '')}" for m, p, b, _s, _f in CASES],
)
def test_hostile_input_is_answered_naming_the_field(client, headers, method, path, body, status, field):  # type: ignore[no-untyped-def]
    kwargs = dict(headers)
    if body is not None:
        kwargs.update(data=body, content_type="application/json")
    response = getattr(client, method)(path, **kwargs)
    assert response.status_code == status, response.content[:300]
    if path.startswith("/api/"):
        assert response["Content-Type"].startswith("application/json")
        data = response.json()
        assert data["detail"]
        if field is not None:
            assert field in (data.get("field"), *data.get("errors", {}))


def test_far_management_start_is_refused_naming_the_field():
    from sumai.domain.errors import InputError
    from sumai.domain.subsidies import _date

    with pytest.raises(InputError) as exc:
        _date("9999-12-31", "management_start")
    assert exc.value.field == "management_start"


def test_schema_documents_the_contract():  # type: ignore[no-untyped-def]
    """Error bodies, closed vacancy items, the validity window, 400/413 on bodies, ids bounded, links."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    assert {"detail", "field", "errors", "code"} <= set(components["Error"]["properties"])
    assert components["VacancyUpdateRequest"]["additionalProperties"] is False
    assert (
        "VACANCY_VALID_DAYS"
        in components["VacancyUpdateRequest"]["properties"]["confirmed_at"]["description"]
    )
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method in ("post", "patch", "put"):
                assert {"400", "413"} <= set(operation["responses"]), (method, path)
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and parameter["schema"].get("type") == "integer":
                    assert parameter["schema"]["maximum"] < 2**63, (path, parameter["name"])
    create = schema["paths"]["/api/v1/registry/units/"]["post"]["responses"]["201"]
    assert set(create["links"]) == {"GetUnit", "UpdateUnit"}
