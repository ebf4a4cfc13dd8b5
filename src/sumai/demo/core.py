"""Organisations of every kind and one demo login per kind of user."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings

from sumai.accounts.models import Membership, Organisation, User
from sumai.demo.sizes import Size
from sumai.places.models import Municipality, Prefecture
from sumai.places.selectors import authority_map

DEMO_DOMAIN = "demo.sumai.jp"
LANDLORD_DOMAIN = "landlords.demo.sumai.jp"
"""The contact addresses of the demo's landlords (no one signs in with them)."""


@dataclass(frozen=True)
class DemoLogin:
    email: str
    kind: str
    organisation: str
    description: str
    second_factor: bool = False  # logs in with a code of the demo authenticator (SUMAI["DEMO_TOTP_SECRET"])


def demo_totp_key() -> str:
    """The demo authenticator's key in hex (as django-otp stores it), from the base32 secret of the
    settings."""
    from base64 import b32decode

    secret = str(settings.SUMAI["DEMO_TOTP_SECRET"]).replace(" ", "").upper()
    return b32decode(secret + "=" * (-len(secret) % 8)).hex()


def _with_second_factor(login: DemoLogin, user: User) -> DemoLogin:
    """Give a demo user who must use a second factor the demo authenticator (unless they set up their own)."""
    from dataclasses import replace

    from django_otp.plugins.otp_totp.models import TOTPDevice

    from sumai.accounts.mfa import required_for_user

    if not required_for_user(user):
        return login
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(user=user, name="authenticator", key=demo_totp_key(), confirmed=True)
    return replace(login, second_factor=True)


SURNAMES = [
    "佐藤",
    "鈴木",
    "高橋",
    "田中",
    "伊藤",
    "渡辺",
    "山本",
    "中村",
    "小林",
    "加藤",
    "吉田",
    "山田",
    "佐々木",
    "山口",
    "松本",
    "井上",
    "木村",
    "林",
    "斎藤",
    "清水",
]
COMPANY_WORDS = ["住建", "不動産", "ハウジング", "エステート", "管理", "地所", "ホーム", "リビング"]


def _agent_name(rng: random.Random, place: str) -> str:
    """An estate agent's name as Japanese companies are named: 「佐藤住建管理株式会社 世田谷店」."""
    word = rng.choice(COMPANY_WORDS)
    return f"{rng.choice(SURNAMES)}{word}{'' if word == '管理' else '管理'}株式会社 {place}店"


SUPPORT_WORDS = ["すまいサポート", "居住支援ネット", "あんしん住まい", "ともに暮らす会", "住まいと福祉の会"]
LEGAL_FORMS = ["NPO法人", "一般社団法人", "社会福祉法人", "株式会社", "公益財団法人"]


def population_weights(munis: list[Municipality]) -> tuple[list[Municipality], list[int]]:
    """Places where buildings stand, weighted by population: wards instead of their designated city
    (where the wards have population data), every other municipality as it is."""
    by_parent: dict[str, list[Municipality]] = {}
    for m in munis:
        if m.kind == Municipality.Kind.WARD and m.parent_id:
            by_parent.setdefault(m.parent_id, []).append(m)
    places: list[Municipality] = []
    for m in munis:
        if m.kind == Municipality.Kind.WARD:
            continue
        wards = [w for w in by_parent.get(m.code, []) if w.population]
        if m.kind == Municipality.Kind.DESIGNATED_CITY and wards:
            places.extend(wards)
        else:
            places.append(m)
    return places, [p.population or 0 for p in places]


def create_organisations(
    size: Size, rng: random.Random, progress: Callable[[str], None]
) -> dict[str, list[int]]:
    """Authorities for every jurisdiction, municipalities' departments, operators, agents, support
    corporations, councils, referral partners and the national ministry. Returns ids by kind."""
    munis = list(Municipality.objects.all())
    prefs = list(Prefecture.objects.defer("geometry"))
    places, weights = population_weights(munis)
    authorities = {a.code: a for a in authority_map().values()}
    orgs: list[Organisation] = []
    for a in sorted(authorities.values(), key=lambda a: a.code):
        pref_code = a.code[:2]
        muni = a.code if a.kind != "prefecture" else None
        orgs.append(
            Organisation(
                kind="authority",
                name=f"{a.name} 住宅セーフティネット登録窓口",
                prefecture_id=pref_code,
                municipality_id=muni,
                authority_code=a.code,
            )
        )
    for m in munis:
        if m.kind != Municipality.Kind.WARD:
            orgs.append(
                Organisation(
                    kind="municipality",
                    name=f"{m.name} 住宅・福祉担当課",
                    prefecture_id=m.prefecture_id,
                    municipality_id=m.code,
                )
            )
    orgs.append(Organisation(kind="national", name="国土交通省 住宅局 安心居住推進課"))
    for p in prefs:
        orgs.append(Organisation(kind="council", name=f"{p.name}居住支援協議会", prefecture_id=p.code))
    municipal_councils = max(0, size.councils - len(prefs))
    for m in rng.choices(places, weights=weights, k=municipal_councils):
        orgs.append(
            Organisation(
                kind="council",
                name=f"{m.name}居住支援協議会",
                prefecture_id=m.prefecture_id,
                municipality_id=m.code,
            )
        )
    for i, m in enumerate(rng.choices(places, weights=weights, k=size.support_corporations)):
        form = rng.choice(LEGAL_FORMS)
        orgs.append(
            Organisation(
                kind="support_corporation",
                name=f"{form}{m.name.split('市')[0]}{rng.choice(SUPPORT_WORDS)}{i + 1}",
                prefecture_id=m.prefecture_id,
                municipality_id=m.code,
            )
        )
    partner_kinds = ["福祉事務所", "地域包括支援センター", "保護観察所", "病院 医療相談室", "社会福祉協議会"]
    for m in rng.choices(places, weights=weights, k=size.referral_partners):
        orgs.append(
            Organisation(
                kind="referral_partner",
                name=f"{m.name} {rng.choice(partner_kinds)}",
                prefecture_id=m.prefecture_id,
                municipality_id=m.code,
            )
        )
    for m in rng.choices(places, weights=weights, k=size.agents):
        orgs.append(
            Organisation(
                kind="agent",
                name=_agent_name(rng, m.name),
                prefecture_id=m.prefecture_id,
                municipality_id=m.code,
            )
        )
    # The national system's reality: one bulk operator holds most of the units (REFERENCE §1, §7).
    orgs.append(Organisation(kind="operator", name="全国賃貸ホールディングス株式会社", prefecture_id="13"))
    for i, m in enumerate(rng.choices(places, weights=weights, k=size.operators - 1)):
        if rng.random() < 0.7:
            name = f"{rng.choice(SURNAMES)} {rng.choice(['太郎', '花子', '一郎', '洋子', '健', '幸子'])}"
        else:
            name = f"株式会社{rng.choice(SURNAMES)}{rng.choice(COMPANY_WORDS)}{i + 1}"
        # every landlord can receive an inquiry (the walk: those of the demo had no member and no address,
        # so nothing reached them); the demo landlord's organisation has its member instead
        orgs.append(
            Organisation(
                kind="operator",
                name=name,
                prefecture_id=m.prefecture_id,
                municipality_id=m.code,
                email=f"landlord{i + 1}@{LANDLORD_DOMAIN}",
            )
        )
    progress(f"organisations: {len(orgs):,}")
    Organisation.objects.bulk_create(orgs, batch_size=2000)
    ids: dict[str, list[int]] = {}
    for pk, kind in Organisation.objects.values_list("pk", "kind").order_by("pk"):
        ids.setdefault(kind, []).append(pk)
    return ids


DEMO_ACCOUNTS = [
    # (local part, organisation kind, how to find the organisation, role, description)
    (
        "landlord",
        "operator",
        {"name": "全国賃貸ホールディングス株式会社"},
        "admin",
        "Landlord (operator) — registers buildings and units",
    ),
    ("agent", "agent", {}, "admin", "Agent / management company acting for landlords"),
    (
        "authority",
        "authority",
        {"authority_code": "130001"},
        "staff",
        "Reviewer at a registration authority (Tokyo Metropolitan Government)",
    ),
    (
        "municipality",
        "municipality",
        {"municipality_id": "131121"},
        "staff",
        "Municipal housing and welfare department (Setagaya)",
    ),
    (
        "caseworker",
        "municipality",
        {"municipality_id": "131121"},
        "staff",
        "Caseworker at Setagaya's consultation desk — my day, cases, tasks, referrals",
    ),
    ("support", "support_corporation", {}, "admin", "Housing support corporation"),
    ("council", "council", {"name": "東京都居住支援協議会"}, "admin", "Housing support council (Tokyo)"),
    ("referral", "referral_partner", {}, "staff", "Referral partner (welfare office)"),
    ("national", "national", {}, "viewer", "National government (MLIT) — statistics"),
]


DEMO_NAMES = {
    "landlord": "山田 花子（賃貸人）",
    "agent": "佐藤 健（管理会社）",
    "authority": "鈴木 一郎（東京都 審査担当）",
    "municipality": "高橋 洋子（世田谷区 住宅課）",
    "caseworker": "小林 直子",  # a person's name: the inquiry names the organisation beside it
    "support": "田中 幸子",
    "council": "伊藤 太郎（居住支援協議会 事務局）",
    "referral": "渡辺 美咲（福祉事務所）",
    "national": "中村 浩（国土交通省）",
}


def create_demo_users() -> list[DemoLogin]:
    password = str(settings.SUMAI["DEMO_PASSWORD"])
    logins = []
    for local, kind, lookup, role, description in DEMO_ACCOUNTS:
        org = Organisation.objects.filter(kind=kind, **lookup).order_by("pk").first()
        if org is None:
            continue
        email = f"{local}@{DEMO_DOMAIN}"
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email=email, password=password, name=DEMO_NAMES[local]
        )
        Membership.objects.get_or_create(user=user, organisation=org, defaults={"role": role})
        logins.append(_with_second_factor(DemoLogin(email, kind, org.name, description), user))
    # The demo agent manages the stock of a few Tokyo landlords.
    from sumai.registry.models import AgentAuthorisation

    agent = Organisation.objects.filter(kind="agent").order_by("pk").first()
    if agent is not None and not AgentAuthorisation.objects.filter(agent=agent).exists():
        candidates = (
            Organisation.objects.filter(kind="operator", buildings__isnull=False)
            .exclude(name="全国賃貸ホールディングス株式会社")
            .distinct()
        )
        principals = list(candidates.filter(prefecture_id="13").order_by("pk")[:3]) or list(
            candidates.order_by("pk")[:3]
        )
        AgentAuthorisation.objects.bulk_create(
            AgentAuthorisation(agent=agent, operator=op) for op in principals
        )
    admin_email = f"admin@{DEMO_DOMAIN}"
    admin = User.objects.filter(email=admin_email).first() or User.objects.create_superuser(
        admin_email, password, name="デモ 管理者"
    )
    platform = DemoLogin(admin_email, "platform", "Sumai", "Platform administrator (all permissions)")
    logins.append(_with_second_factor(platform, admin))
    _pending_signups()
    return logins


def _pending_signups() -> None:
    """Two sign-ups waiting for the platform administrator (an agent, a would-be support corporation), so
    that the queue of /accounts/platform/signups/ is not empty in the demo. Idempotent."""
    from datetime import timedelta

    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from sumai.accounts.models import SignupRequest

    now = timezone.now()
    rows = [
        ("agent", "みなと不動産販売株式会社", "ミナトフドウサンハンバイ", "東京都知事(2)第104857号", ""),
        ("support_corporation", "NPO法人 すまいの灯", "スマイノアカリ", "", "7000012050002"),
    ]
    for i, (kind, name, kana, licence, corporate) in enumerate(rows):
        email = f"signup{i + 1}@{DEMO_DOMAIN}"
        SignupRequest.objects.get_or_create(
            email=email,
            defaults={
                "kind": kind,
                "state": SignupRequest.State.AWAITING_APPROVAL,
                "person_name": "デモ 申込者",
                "organisation_name": name,
                "organisation_name_kana": kana,
                "prefecture_id": "13",
                "phone": "03-0000-0000",
                "licence_number": licence,
                "corporate_number": corporate,
                "password_hash": make_password(None),
                "token_hash": f"demo-signup-{i}",
                "verify_by": now + timedelta(hours=48),
                "verified_at": now - timedelta(hours=3 * (i + 1)),
            },
        )
