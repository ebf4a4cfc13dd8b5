"""Identifiers an organisation gives when it signs up: the real-estate licence number of an agent
(宅地建物取引業者免許証番号) and the corporate number (法人番号) of a would-be support corporation.

Both are read as people type them on a Japanese keyboard (full-width digits and brackets, spaces) and
answered in one canonical spelling, or ``None``.

* Licence (宅地建物取引業法3条1項): granted by the Minister (国土交通大臣) for offices in two or more
  prefectures, otherwise by the governor of the prefecture (○○県知事); the number in brackets counts the
  licence's terms (1 for a new licence, +1 at each five-year renewal, 3条2項), followed by 第N号.
  Example: 「東京都知事（3）第89012号」, 「国土交通大臣(1)第9876号」.
* Corporate number (法人番号, 行政手続における特定の個人を識別するための番号の利用等に関する法律 39条,
  法人番号の指定等に関する省令 2条): 13 digits, the first a check digit over the other twelve:
  ``9 - (Σ P_n × Q_n mod 9)`` with ``P_n`` the n-th digit from the right of the twelve and ``Q_n`` 1 for odd
  n, 2 for even n.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

PREFECTURES: tuple[str, ...] = (
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県",
    "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県",
    "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県",
    "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県",
    "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
)  # fmt: skip
"""The 47 prefectures as a governor's licence names them (JIS X 0401 order)."""

MINISTER = "国土交通大臣"

_LICENCE = re.compile(r"^(?P<grantor>.+?)\((?P<term>\d{1,2})\)第(?P<number>\d{1,6})号$")


@dataclass(frozen=True)
class AgentLicence:
    grantor: str  # 国土交通大臣 or ○○県知事
    term: int
    number: int

    def __str__(self) -> str:
        return f"{self.grantor}({self.term})第{self.number}号"

    @property
    def prefecture(self) -> str | None:
        """The granting prefecture, or None for the Minister's licence."""
        return None if self.grantor == MINISTER else self.grantor.removesuffix("知事")


def _squeeze(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    return re.sub(r"\s+", "", text).replace("〔", "(").replace("〕", ")")


def parse_agent_licence(text: str) -> AgentLicence | None:
    """The licence written canonically, or None when it is not a licence number.

    >>> str(parse_agent_licence("東京都知事（３）第８９０１２号"))
    '東京都知事(3)第89012号'
    """
    match = _LICENCE.match(_squeeze(text))
    if match is None:
        return None
    grantor = match["grantor"]
    if grantor != MINISTER and grantor.removesuffix("知事") not in PREFECTURES:
        return None
    if not grantor.endswith("知事") and grantor != MINISTER:
        return None
    term, number = int(match["term"]), int(match["number"])
    if term < 1 or number < 1:
        return None
    return AgentLicence(grantor, term, number)


def corporate_check_digit(twelve: str) -> int:
    """The check digit of a corporate number's twelve base digits."""
    total = sum(int(d) * (1 if n % 2 else 2) for n, d in enumerate(reversed(twelve), start=1))
    return 9 - total % 9


def parse_corporate_number(text: str) -> str | None:
    """The 13 digits when ``text`` is a corporate number with a right check digit, else None.

    >>> parse_corporate_number("７０００ ０１２０ ５０００２")  # 国税庁's own number
    '7000012050002'
    """
    digits = _squeeze(text).replace("-", "")
    if len(digits) != 13 or not digits.isascii() or not digits.isdigit():
        return None
    return digits if int(digits[0]) == corporate_check_digit(digits[1:]) else None
