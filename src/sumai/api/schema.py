"""OpenAPI extensions: how the organisation token appears in the schema."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class OrganisationTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "sumai.accounts.tokens.OrganisationTokenAuthentication"
    name = "organisationToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "smi_<secret>",
            "description": "An organisation's API token, created by its administrator in Sumai.",
        }


ERROR_REF = {"$ref": "#/components/schemas/Error"}


def add_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """Every operation may answer 401 (a bad token is refused even on a public endpoint) and 429
    (throttled); every operation with a body may answer 415. Public operations also allow no
    authentication at all (an empty security requirement)."""

    def error(description: str) -> dict[str, Any]:
        return {"description": description, "content": {"application/json": {"schema": ERROR_REF}}}

    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            responses.setdefault("401", error("Bad, unknown or revoked API token, or not logged in."))
            responses.setdefault("403", error("Not allowed for this account or token."))
            responses.setdefault("429", error("Too many requests; try again later."))
            if method in ("post", "put", "patch"):
                responses.setdefault("415", error("The body must be JSON (application/json)."))
                responses.setdefault("413", error("The body is larger than the upload limit."))
                responses.setdefault("400", error("Bad input; `field` names it (`$`: the whole body)."))
            if not path.endswith("/me/"):
                security = operation.setdefault("security", [])
                if {} not in security:
                    security.append({})
    return result


# Where an answer leads next (OpenAPI links; schemathesis' stateful tests follow them).
LINKS = {
    ("/api/v1/registry/units/", "post", "201"): {
        "GetUnit": {"operationId": "registry_units_retrieve", "parameters": {"id": "$response.body#/id"}},
        "UpdateUnit": {
            "operationId": "registry_units_partial_update",
            "parameters": {"id": "$response.body#/id"},
        },
    },
    ("/api/v1/registry/units/{id}/", "get", "200"): {
        "UpdateUnit": {
            "operationId": "registry_units_partial_update",
            "parameters": {"id": "$response.body#/id"},
        },
    },
}


def add_links(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    for (path, method, status), links in LINKS.items():
        response = result.get("paths", {}).get(path, {}).get(method, {}).get("responses", {}).get(status)
        if response is not None:
            response.setdefault("links", {}).update(links)
    return result


# Request objects whose endpoint refuses unknown keys: declared closed, so that clients (and schemathesis)
# see the same contract the code enforces.
CLOSED_REQUESTS = ("VacancyUpdateRequest", "VacancyPushRequest", "CaseNoteRequest")


def close_request_objects(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    from sumai.api.rules_schema import add_rules_requests

    schemas = result.get("components", {}).get("schemas", {})
    for name in CLOSED_REQUESTS:
        if name in schemas:
            schemas[name]["additionalProperties"] = False
    return add_rules_requests(result)
