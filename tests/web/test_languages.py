"""Seven languages on the public pages: chosen with the switcher, remembered by a cookie, right <html lang>,
translated text on every public page, furigana as ruby in やさしい日本語.

The catalogue checks (Japanese complete everywhere, the five public languages complete for the public sources
of sumai.web.public_i18n, readings well formed) are in tests/web/test_translations.py.
"""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

from sumai.web.furigana import READING, strip_readings, to_ruby
from sumai.web.locale import EASY_JAPANESE, apply_furigana, html_lang

LANGS = {  # language code -> its <html lang>
    "ja": "ja",
    EASY_JAPANESE: "ja",
    "en": "en",
    "zh-hans": "zh-Hans",
    "ko": "ko",
    "vi": "vi",
    "pt-br": "pt-BR",
}
NAMES = {
    "ja": "日本語",
    EASY_JAPANESE: "やさしい日本語",
    "en": "English",
    "zh-hans": "简体中文",
    "ko": "한국어",
    "vi": "Tiếng Việt",
    "pt-br": "Português",
}


def ruby(base: str, reading: str) -> str:
    return f"<ruby>{base}<rp>（</rp><rt>{reading}</rt><rp>）</rp></ruby>"


# A few strings per language and page: (url name, texts that must appear).
PAGES = {
    "zh-hans": {
        "web:home": ["不拒绝您入住的家，与您同行的人", "跳到正文", "住房安全网"],
        "web:about": ["关于住房安全网制度", "数据来源与许可"],
        "accounts:login": ["忘记密码？", "电子邮箱地址", "密码"],
        "accounts:password_reset": ["重设密码", "发送链接"],
        "accounts:password_reset_done": ["请查看您的电子邮件"],
        "accounts:password_reset_complete": ["密码已保存"],
    },
    "ko": {
        "web:home": ["당신을 거절하지 않는 집", "본문으로 건너뛰기", "주거 안전망"],
        "web:about": ["주거 안전망 제도 안내", "데이터 출처와 라이선스"],
        "accounts:login": ["비밀번호를 잊으셨나요?", "이메일 주소", "비밀번호"],
        "accounts:password_reset": ["비밀번호 재설정", "링크 보내기"],
        "accounts:password_reset_done": ["이메일을 확인하세요"],
        "accounts:password_reset_complete": ["비밀번호를 저장했습니다"],
    },
    "vi": {
        "web:home": [
            "Những ngôi nhà không từ chối bạn",
            "Chuyển đến nội dung chính",
            "Mạng lưới an toàn nhà ở",
        ],
        "web:about": ["Giới thiệu chế độ Mạng lưới an toàn nhà ở", "Nguồn dữ liệu và giấy phép"],
        "accounts:login": ["Quên mật khẩu?", "Địa chỉ email", "Mật khẩu"],
        "accounts:password_reset": ["Đặt lại mật khẩu", "Gửi liên kết"],
        "accounts:password_reset_done": ["Hãy kiểm tra email"],
        "accounts:password_reset_complete": ["Đã lưu mật khẩu"],
    },
    "pt-br": {
        "web:home": ["Casas que não recusam você", "Pular para o conteúdo principal", "Rede de Segurança"],
        "web:about": ["Sobre o sistema de Rede de Segurança Habitacional", "Fontes de dados e licenças"],
        "accounts:login": ["Esqueceu sua senha?", "Endereço de e-mail", "Senha"],
        "accounts:password_reset": ["Redefinir sua senha", "Enviar o link"],
        "accounts:password_reset_done": ["Verifique seu e-mail"],
        "accounts:password_reset_complete": ["Senha salva"],
    },
    EASY_JAPANESE: {
        "web:home": [
            f"あなたを {ruby('断', 'ことわ')}らない {ruby('家', 'いえ')}と",
            f"{ruby('本文', 'ほんぶん')}へ",
            "<title>はじめの ページ | Sumai — すまいの セーフティネット</title>",
        ],
        "web:about": [f"{ruby('制度', 'せいど')}の", "<title>制度の 説明 |", ruby("出典", "しゅってん")],
        "accounts:login": [f"パスワードを {ruby('忘', 'わす')}れた とき", "メールアドレス"],
        "accounts:password_reset": [f"パスワードを {ruby('新', 'あたら')}しく する", ruby("送", "おく")],
        "accounts:password_reset_done": [f"メールを {ruby('見', 'み')}て ください"],
        "accounts:password_reset_complete": [f"パスワードを {ruby('保存', 'ほぞん')}しました"],
    },
}


def choose(client, language: str, next_url: str = "/"):  # type: ignore[no-untyped-def]
    return client.post(reverse("set_language"), {"language": language, "next": next_url})


# -- the switcher ---------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", list(LANGS))
def test_each_language_is_chosen_with_the_switcher_and_remembered(client, language):
    response = choose(client, language, reverse("web:about"))
    assert response.status_code == 302
    assert response["Location"] == reverse("web:about")
    cookie = response.cookies["sumai_language"]
    assert cookie.value == language
    assert int(cookie["max-age"]) == 60 * 60 * 24 * 365
    html = client.get(reverse("web:home")).content.decode()  # the next request, by the cookie alone
    assert f'<html lang="{LANGS[language]}">' in html
    assert re.search(rf'value="{language}" lang="{LANGS[language]}"\s+aria-pressed="true"', html)
    # the compact chooser shows the language in use, in that language
    summary = re.search(r'<details class="lang-menu">\s*<summary>(.*?)</summary>', html, re.S)
    assert summary
    assert f'<span lang="{LANGS[language]}">{NAMES[language]}</span>' in summary.group(1)


@pytest.mark.django_db
def test_the_switcher_names_every_language_in_its_own_language(client):
    html = client.get(reverse("web:home")).content.decode()
    for code, name in NAMES.items():
        assert f'<button type="submit" name="language" value="{code}" lang="{LANGS[code]}"' in html, code
        assert f">{name}</button>" in html
    assert html.count('aria-pressed="true"') == 1


@pytest.mark.django_db
def test_an_unknown_language_is_refused_and_japanese_stays(client):
    choose(client, "xx")
    assert '<html lang="ja">' in client.get("/").content.decode()
    client.cookies["sumai_language"] = "de"  # a language Django knows but Sumai does not offer
    assert '<html lang="ja">' in client.get("/").content.decode()


@pytest.mark.django_db
def test_html_pages_ignore_the_browser_language(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert '<html lang="ja">' in html


def test_html_lang_of_each_code():
    assert {code: html_lang(code) for code in LANGS} == LANGS


# -- the public pages in each language ----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "url_name"), [(lang, name) for lang, pages in PAGES.items() for name in pages]
)
def test_public_pages_are_translated(client, language, url_name):
    client.cookies["sumai_language"] = language
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{LANGS[language]}">' in html
    for text in PAGES[language][url_name]:
        assert text in html, f"{text!r} missing from {url_name} in {language}"


NOT_FOUND = {
    "zh-hans": "找不到页面",
    "ko": "페이지를 찾을 수 없습니다",
    "vi": "Không tìm thấy trang",
    "pt-br": "Página não encontrada",
    EASY_JAPANESE: f"ページが {ruby('見', 'み')}つかりません",
}
NOT_ALLOWED = {
    "zh-hans": "您无权打开此页面",
    "ko": "이 페이지를 열 권한이 없습니다",
    "vi": "Bạn không có quyền mở trang này",
    "pt-br": "Você não tem permissão para abrir esta página",
    EASY_JAPANESE: f"この ページは {ruby('見', 'み')}る ことが できません",
}
SERVER_ERROR = {
    "zh-hans": "出错了",
    "ko": "오류가 발생했습니다",
    "vi": "Đã xảy ra lỗi",
    "pt-br": "Algo deu errado",
    EASY_JAPANESE: "エラーが 起{お}きました",  # rendered outside the middleware: the markup stays
}
EXPIRED_LINK = {
    "zh-hans": "此链接已过期或已被使用",
    "ko": "이 링크는 기한이 지났거나 이미 사용되었습니다",
    "vi": "Liên kết này đã hết hạn",
    "pt-br": "Este link expirou ou já foi usado",
    EASY_JAPANESE: f"この リンクは もう {ruby('使', 'つか')}えません",
}
POSTAL = {
    "zh-hans": "邮政编码为7位数字",
    "ko": "우편번호는 7자리 숫자입니다",
    "vi": "Mã bưu chính gồm 7 chữ số",
    "pt-br": "O código postal tem 7 dígitos",
    EASY_JAPANESE: f"{ruby('郵便番号', 'ゆうびんばんごう')}は 7けたの",
}
API_NOT_FOUND = {  # an address under /api/ that no endpoint answers (sumai.core.api.errors.api_not_found)
    "zh-hans": "此地址没有 API 端点。端点列表见 /api/v1/docs/。",
    "ko": "이 주소에는 API 엔드포인트가 없습니다. 엔드포인트 목록은 /api/v1/docs/ 에 있습니다.",
    "vi": "Không có điểm cuối API nào ở địa chỉ này. Danh sách các điểm cuối có tại /api/v1/docs/.",
    "pt-br": "Nenhum endpoint da API tem este endereço. A lista de endpoints está em /api/v1/docs/.",
    EASY_JAPANESE: "この アドレスの API は ありません。API の リストは /api/v1/docs/ に あります。",
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", list(NOT_FOUND))
def test_error_pages_are_translated(client, demo_orgs, rf, language):
    client.cookies["sumai_language"] = language
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert NOT_FOUND[language] in response.content.decode()

    client.force_login(demo_orgs.user("operator", "viewer"))
    response = client.get(reverse("accounts:tokens", kwargs={"org_id": demo_orgs.orgs["operator"].pk}))
    assert response.status_code == 403
    html = response.content.decode()
    assert NOT_ALLOWED[language] in html
    assert f'<html lang="{LANGS[language]}">' in html

    from sumai.web.views import error_500

    with translation.override(language):
        response = error_500(rf.get("/"))
    assert response.status_code == 500
    assert SERVER_ERROR[language] in response.content.decode()
    assert f'<html lang="{LANGS[language]}">' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language", list(EXPIRED_LINK))
def test_an_expired_reset_link_is_explained(client, language):
    client.cookies["sumai_language"] = language
    url = reverse("accounts:password_reset_confirm", kwargs={"uidb64": "MQ", "token": "expired-token"})
    response = client.get(url, follow=True)
    assert EXPIRED_LINK[language] in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language", list(POSTAL))
def test_the_postal_fill_helper_speaks_the_visitors_language(client, language):
    client.cookies["sumai_language"] = language
    response = client.get(reverse("places:postal_fill"), {"postal_code": "12"}, HTTP_HX_REQUEST="true")
    assert POSTAL[language] in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language", list(API_NOT_FOUND))
def test_api_errors_follow_accept_language(client, language):
    response = client.get("/api/no-such-endpoint/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": API_NOT_FOUND[language]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("vi", "Bạn đã yêu cầu đặt lại mật khẩu cho tài khoản Sumai"),
        ("pt-br", "Você pediu para redefinir a senha da sua conta Sumai"),
        (EASY_JAPANESE, "パスワードを 新しく する もうしこみが ありました"),
    ],
)
def test_the_password_reset_email_is_in_the_visitors_language(client, demo_orgs, mailoutbox, language, text):
    client.cookies["sumai_language"] = language
    client.post(reverse("accounts:password_reset"), {"email": "operator.admin@example.jp"})
    assert len(mailoutbox) == 1
    assert text in mailoutbox[0].body
    assert "{" not in mailoutbox[0].body.replace("{{", "")  # no reading markup in a plain-text e-mail


@pytest.mark.django_db
def test_staff_strings_fall_back_to_japanese_in_the_public_languages():
    """Staff-only pages are not translated into the five public languages: Django shows Japanese."""
    for language in ("zh-hans", "ko", "vi", "pt-br", EASY_JAPANESE):
        with translation.override(language):
            assert translation.gettext("Registry") == "登録簿"


# -- furigana ---------------------------------------------------------------------------------------------


def test_readings_become_ruby_in_text():
    assert to_ruby("<p>住{す}む 家{いえ}を 探{さが}す</p>") == (
        f"<p>{ruby('住', 'す')}む {ruby('家', 'いえ')}を {ruby('探', 'さが')}す</p>"
    )


def test_full_width_braces_and_a_run_of_kanji():
    assert to_ruby("<p>住宅確保｛じゅうたくかくほ｝の 支援{しえん}</p>") == (
        f"<p>{ruby('住宅確保', 'じゅうたくかくほ')}の {ruby('支援', 'しえん')}</p>"
    )


def test_the_base_is_only_the_kanji_just_before_the_brace():
    assert (
        to_ruby("<p>日本{にほん}全体{ぜんたい}</p>")
        == f"<p>{ruby('日本', 'にほん')}{ruby('全体', 'ぜんたい')}</p>"
    )
    assert to_ruby("<p>15分{ふん}</p>") == f"<p>15{ruby('分', 'ふん')}</p>"


def test_text_without_markup_is_untouched():
    page = '<p class="x">住宅を 探す {not a reading} a{b} 漢字{kanji} {}</p>'
    assert to_ruby(page) == page
    assert to_ruby("") == ""


def test_readings_are_dropped_in_attributes_title_and_options():
    page = (
        "<html><head><title>住宅{じゅうたく}</title></head><body>"
        '<a href="/x" title="家{いえ}" aria-label="探{さが}す" data-x=\'a>b 住{す}\'>家{いえ}</a>'
        '<input placeholder="住所{じゅうしょ}" value="町{まち}">'
        "<select><option>家{いえ}<option selected>町{まち}</select>"
        "<label>郵便番号{ゆうびんばんごう}</label></body></html>"
    )
    assert to_ruby(page) == (
        "<html><head><title>住宅</title></head><body>"
        f'<a href="/x" title="家" aria-label="探す" data-x=\'a>b 住\'>{ruby("家", "いえ")}</a>'
        '<input placeholder="住所" value="町">'
        "<select><option>家<option selected>町</select>"
        f"<label>{ruby('郵便番号', 'ゆうびんばんごう')}</label></body></html>"
    )


def test_script_style_textarea_and_comments_are_untouched():
    page = (
        "<style>.a{color:red} p::after{content:'住{す}'}</style>"
        '<script>const s = "住{す}"; if (a) {b()}</script>'
        "<textarea name=note>家{いえ} as typed</textarea>"
        "<!-- 家{いえ} --><p>家{いえ}</p>"
    )
    expected = page.replace("<p>家{いえ}</p>", f"<p>{ruby('家', 'いえ')}</p>")
    assert to_ruby(page) == expected


def test_nested_tags_and_existing_ruby():
    page = (
        "<p><strong>住{す}む</strong> <em>家<span>{いえ}</span></em> <ruby>家{いえ}<rt>うち</rt></ruby></p>"
    )
    assert to_ruby(page) == (
        f"<p><strong>{ruby('住', 'す')}む</strong> <em>家<span>{{いえ}}</span></em> "
        "<ruby>家<rt>うち</rt></ruby></p>"
    )


def test_inside_svg_the_reading_goes_in_brackets_never_in_ruby():
    """An HTML <ruby> inside <svg> is not SVG: the HTML parser leaves the drawing there (the chart of the
    outcome pages in やさしい日本語 fell apart)."""
    page = (
        '<p>家{いえ}</p><svg viewBox="0 0 1 1"><title>家{いえ}</title><rect/><text>孤独死{こどくし}が '
        "しんぱい</text></svg><p>住{す}む</p>"
    )
    assert to_ruby(page) == (
        f'<p>{ruby("家", "いえ")}</p><svg viewBox="0 0 1 1"><title>家</title><rect/>'
        f"<text>孤独死（こどくし）が しんぱい</text></svg><p>{ruby('住', 'す')}む</p>"
    )


def test_strip_readings():
    assert strip_readings("住宅{じゅうたく}を 探｛さが｝す {x}") == "住宅を 探す {x}"


def test_the_middleware_helper_rewrites_html_json_and_text_only():
    from django.http import HttpResponse, JsonResponse

    response = HttpResponse("<p>家{いえ}</p>", content_type="text/html; charset=utf-8")
    response["Content-Length"] = str(len(response.content))
    html = apply_furigana(response)
    assert html.content.decode() == f"<p>{ruby('家', 'いえ')}</p>"
    assert html["Content-Length"] == str(len(html.content))

    data = apply_furigana(JsonResponse({"detail": "家{いえ}", "items": ["住{す}む", 1, None]}))
    assert json.loads(data.content) == {"detail": "家", "items": ["住む", 1, None]}

    text = apply_furigana(HttpResponse("家{いえ}", content_type="text/plain"))
    assert text.content.decode() == "家"

    css = apply_furigana(HttpResponse("a{b}", content_type="text/css"))
    assert css.content == b"a{b}"


@pytest.mark.django_db
def test_easy_japanese_pages_carry_no_raw_markup(client):
    client.cookies["sumai_language"] = EASY_JAPANESE
    for name in ("web:home", "web:about", "accounts:login", "accounts:password_reset"):
        html = client.get(reverse(name)).content.decode()
        assert READING.search(html) is None, name
        assert "<rt>" in html
