"""The rules endpoints' input errors are in the request's language (the walk of 2026-12-07: they were English
to every request), still naming the field, never Python's own words (``Expecting value: line 1 column 1 (char
0)``, a parameter file's name): the domain writes English templates with named values
(sumai.domain.errors.InputError), the API translates them (sumai.core.api.errors.input_message) from the
catalogue, which sumai.api.rules_words feeds. English keeps the domain's wording."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.urls import reverse

from sumai.api import rules_words
from sumai.domain.errors import InputError
from tests.api.test_rules import HOUSEHOLD, LEDGER, SUBSIDY, UNIT

DOMAIN = Path(__file__).resolve().parents[2] / "src" / "sumai" / "domain"
ENTRY_MODULES = ("eligibility", "standards_json", "subsidies")  # what the four endpoints call
LANGUAGES = ["ja", "ja-x-easy", "ko", "zh-hans", "vi", "pt-br"]

# (endpoint, body, field, English as the domain writes it, Japanese)
CASES = [
    (
        "api:rules-household",
        {**HOUSEHOLD, "as_of": "2026-02-30"},
        "as_of",
        "2026-02-30 is not a valid date",
        "2026-02-30 は存在しない日付です。",
    ),
    (
        "api:rules-household",
        {**HOUSEHOLD, "circumstances": [{"code": "martian"}]},
        "circumstances[0].code",
        "unknown circumstance code 'martian'",
        "不明な事情コードです: 'martian'",
    ),
    (
        "api:rules-household",
        {**HOUSEHOLD, "as_of": "2035-01-01"},
        "as_of",
        None,  # the horizon's date comes from the parameter files
        None,
    ),
    ("api:rules-unit", {**UNIT, "floor_area_m2": -3}, "floor_area_m2", "must not be negative", None),
    (
        "api:rules-subsidy",
        {**SUBSIDY, "fiscal_year": 1800},
        "fiscal_year",
        "must be at least 1900",
        "1900 以上にしてください。",
    ),
    ("api:rules-unit", {**UNIT, "kind": "castle"}, "kind", "must be one of ordinary, shared_house", None),
    (
        "api:rules-unit",
        {**UNIT, "authority": "281001"},
        "authority",
        "281001 has a wrong check digit",
        "281001 の検査数字が正しくありません。",
    ),
    ("api:rules-unit", {**UNIT, "seismic_prof": True}, "seismic_prof", None, None),
    (
        "api:rules-subsidy",
        {**SUBSIDY, "costs": {"guarantee_fee": 30000}},
        "costs",
        "give either fee or costs, not both",
        None,
    ),
    ("api:rules-subsidy", {**SUBSIDY, "fiscal_year": 1990}, "fiscal_year", None, None),
    (
        "api:rules-ledger",
        {**LEDGER, "month": "2021-W40-5"},
        "month",
        "must be a date written YYYY-MM-DD",
        None,
    ),
    ("api:rules-ledger", {**LEDGER, "months": "2021-09"}, "months", None, None),
]
PYTHON_WORDS = re.compile(r"Expecting|\(char \d+\)|Traceback|Error\b|\.toml|parameter set|None\b")


def _post(client, name, body, language):  # type: ignore[no-untyped-def]
    return client.post(reverse(name), body, content_type="application/json", HTTP_ACCEPT_LANGUAGE=language)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "body", "field", "english", "japanese"), CASES)
def test_an_input_error_is_in_the_request_s_language_and_names_the_field(
    client, name, body, field, english, japanese
):
    en = _post(client, name, body, "en")
    assert en.status_code == 400, en.content
    en_body = en.json()
    assert en_body["field"] == field
    [en_message] = en_body["errors"][field]
    if english is not None:
        assert en_message == english  # the domain's English wording, as before
    # "detail" names the field (a walk read a bare "is required"), as the search's query errors do
    assert en_body["detail"] == (en_message if field == "$" else f"{field}: {en_message}")
    seen = {en_message}
    for language in LANGUAGES:
        answer = _post(client, name, body, language)
        assert answer.status_code == 400
        data = answer.json()
        assert data["field"] == field, language
        [message] = data["errors"][field]
        assert data["detail"] == (message if field == "$" else f"{field}: {message}"), language
        assert message != en_message, (language, message)  # translated
        assert "{" not in message, language  # no reading marks of やさしい日本語 in JSON
        assert not PYTHON_WORDS.search(message), (language, message)
        seen.add(message)
        if language == "ja" and japanese is not None:
            assert message == japanese
    assert len(seen) == 1 + len(LANGUAGES)


@pytest.mark.django_db
def test_no_rules_in_force_says_the_date_not_a_parameter_file(client):
    detail = _post(client, "api:rules-subsidy", {**SUBSIDY, "fiscal_year": 1990}, "en").json()["detail"]
    assert detail == "fiscal_year: no guarantee_fee parameters for fiscal year 1990"
    ja = _post(client, "api:rules-subsidy", {**SUBSIDY, "fiscal_year": 1990}, "ja").json()["detail"]
    assert ja == "fiscal_year: 1990 年度の guarantee_fee のパラメータはありません。"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "english", "japanese"),
    [
        (
            "{not json",
            "The body is not valid JSON (line 1, column 2).",
            "本文が正しい JSON ではありません（1 行目、2 文字目）。",
        ),
        (
            '{"kind": NaN}',
            "The body is not valid JSON: NaN and Infinity are not JSON numbers.",
            "本文が正しい JSON ではありません。NaN や Infinity は JSON の数値ではありません。",
        ),
        (
            "[1, 2]",
            "The body must be a JSON object.",
            "リクエスト本文はJSONオブジェクトである必要があります。",
        ),
    ],
)
def test_a_body_that_is_not_a_json_object_says_where_in_the_request_s_language(
    client, text, english, japanese
):
    for language, expected in (("en", english), ("ja", japanese)):
        response = _post(client, "api:rules-unit", text, language)
        assert response.status_code == 400
        assert response.json()["field"] == "$"
        assert response.json()["detail"] == expected
    for language in LANGUAGES:
        detail = _post(client, "api:rules-unit", text, language).json()["detail"]
        assert detail != english, language
        assert not PYTHON_WORDS.search(detail), (language, detail)


@pytest.mark.django_db
def test_a_body_that_is_not_utf_8_is_a_400_naming_it(client):
    response = client.post(
        reverse("api:rules-unit"),
        b'{"kind": "\xff"}',
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "The body is not text in utf-8."


@pytest.mark.django_db
def test_a_bad_prefecture_code_of_the_places_list_is_in_the_request_s_language(client):
    url = reverse("api:municipality-list")
    en = client.get(url, {"prefecture": "1"}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert en == {
        "detail": "prefecture: A prefecture code has 2 digits (01–47).",
        "field": "prefecture",
        "errors": {"prefecture": ["A prefecture code has 2 digits (01–47)."]},
    }
    assert client.get(url, {"prefecture": "1"}, HTTP_ACCEPT_LANGUAGE="ja").json()["detail"] == (
        "prefecture: 都道府県コードは2桁です（01〜47）。"
    )


def test_a_translation_whose_placeholders_do_not_fit_falls_back_to_english(monkeypatch):
    from sumai.core.api import errors

    monkeypatch.setattr(errors, "gettext", lambda text: "%(nope)s です")
    exc = InputError("floors", "must be at most %(most)s", most=200)
    assert errors.input_message(exc) == "must be at most 200"


def _domain_modules() -> set[str]:
    """The domain modules the rules endpoints import, directly or not (from their import statements)."""
    seen: set[str] = set()
    todo = list(ENTRY_MODULES)
    while todo:
        name = todo.pop()
        if name in seen or not (DOMAIN / f"{name}.py").exists():
            continue
        seen.add(name)
        for node in ast.walk(ast.parse((DOMAIN / f"{name}.py").read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module.startswith("sumai.domain."):
                    todo.append(node.module.removeprefix("sumai.domain."))
                elif node.module == "sumai.domain":
                    todo.extend(alias.name for alias in node.names)
    return seen


def test_every_input_message_of_the_rules_is_listed_for_translation():
    """Each ``InputError(field, message, **values)`` of the modules the rules read has a constant English
    template (no f-string, no concatenation: values go in as named values) listed in
    sumai.api.rules_words — else it would reach the API in English whatever the language."""
    messages: dict[str, str] = {}
    for name in sorted(_domain_modules()):
        path = DOMAIN / f"{name}.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "InputError":
                message = node.args[1]
                where = f"{path.name}:{node.lineno}"
                assert isinstance(message, ast.Constant), f"{where}: a template with named values"
                messages[message.value] = where
    assert {"eligibility", "inputs", "standards_json", "subsidies", "income_thresholds"} <= _domain_modules()
    assert set(messages) - set(rules_words.MESSAGES) == set()
    assert set(rules_words.MESSAGES) - set(messages) == set()  # none left over
