"""The first build of data/*.csv from the research files in ../shared/data-research/ — retired.

data/ is the source of truth now: rows were corrected and added there, each with its source and
quote (see README, "Data changes"), and the research files do not have those corrections. This
script therefore never writes into data/: it writes a fresh build into another folder, so the
first import stays reproducible and can be compared with data/ (e.g. with `diff`), and it refuses
a target that is data/ itself.

The research CSVs are the evidence; this script only restructures them for the
Data Package: it splits `reporter` into the reporting side and its detail,
classifies each trade row's period, copies growth rates and "over $X" markers
that the row's own quote states, normalizes dates, and adds Russian titles.
Every editorial choice is a literal table below, so a reviewer can check it
against the quote. No figure is computed, rounded or filled in.

Usage: python scripts/import_research.py OUT_DIR [RESEARCH_DIR]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"

# Rows of trade_by_year.csv (0-based, in file order) whose quote states a year-on-year growth rate.
GROWTH_PCT_FROM_QUOTE = {
    0: 43,
    4: 31.2,
    5: 30,
    6: 8.6,
    7: 50,
    9: 32.9,
    11: 27,
    13: 35,
    14: 17.9,
    16: 30,
    19: 5.2,
    20: 7,
    36: 15.5,
    37: 18,
    39: 15,
    40: 11.4,
}
# Rows whose quote gives the turnover as a lower bound ("over", "exceeded", "превысил").
LOWER_BOUND_ROWS = {5, 11, 31, 32, 35, 37}
MONTHS_BY_PERIOD = {
    "Jan": 1,
    "Jan-Mar": 3,
    "Jan-Apr": 4,
    "Jan-May": 5,
    "Jan-Jun": 6,
    "Jan-Jul": 7,
    "Jan-Aug": 8,
    "Jan-Sep": 9,
    "Jan-Oct": 10,
    "Jan-Nov": 11,
}

ARTICLE_TITLE = (
    "Тойиров А. Т. «Укрепление стратегического партнёрства Республики Узбекистан и "
    "Республики Казахстан: итоги переговоров на высшем уровне»"
)
ARTICLE_SOURCE_URL = (
    "https://menafn.com/1110348182/Uzbek-President-Highlights-Regional-Integration-"
    "Ahead-Of-Central-Asian-Leaders-Meeting-In-Tashkent"
)


def split_reporter(text: str) -> tuple[str, str]:
    match = re.match(r"^(Uzbekistan|Kazakhstan|other)\s*(?:\((.*)\))?\s*$", text.strip())
    if not match:
        raise ValueError(f"unexpected reporter: {text!r}")
    return match.group(1), (match.group(2) or "").strip()


def period_type(period: str) -> str:
    p = period.lower()
    if p.startswith("full year"):
        return "full_year"
    if p.startswith("unclear"):
        return "unclear"
    return "part_year"


def build_trade(research: Path) -> pd.DataFrame:
    raw = pd.read_csv(research / "trade_by_year.csv", dtype=str, keep_default_na=False)
    rows = []
    for i, r in raw.iterrows():
        reporter, detail = split_reporter(r["reporter"])
        rows.append(
            {
                "year": r["year"],
                "period": r["period"],
                "period_type": period_type(r["period"]),
                "months": MONTHS_BY_PERIOD.get(r["period"], 12 if period_type(r["period"]) == "full_year" else ""),
                "turnover_usd_bn": r["turnover_usd_bn"],
                "exports_uz_to_kz_usd_bn": r["exports_uz_to_kz_usd_bn"],
                "imports_uz_from_kz_usd_bn": r["imports_uz_from_kz_usd_bn"],
                "growth_reported_pct": GROWTH_PCT_FROM_QUOTE.get(i, ""),
                "lower_bound": "true" if i in LOWER_BOUND_ROWS else "false",
                "reporter": reporter,
                "reporter_detail": detail,
                "cited_in_article": "false",
                "source_title": r["source_title"],
                "source_url": r["source_url"],
                "quote": r["quote"],
            }
        )
    rows.append(
        {
            "year": "2025",
            "period": "YTD to mid-Nov (since start of year)",
            "period_type": "part_year",
            "months": "",
            "turnover_usd_bn": "4.0",
            "exports_uz_to_kz_usd_bn": "",
            "imports_uz_from_kz_usd_bn": "",
            "growth_reported_pct": 15,
            "lower_bound": "false",
            "reporter": "Uzbekistan",
            "reporter_detail": "President's press service, as cited in the seed article",
            "cited_in_article": "true",
            "source_title": ARTICLE_TITLE,
            "source_url": ARTICLE_SOURCE_URL,
            "quote": "«По данным текущего года товарооборот увеличился на 15 %, достигнув около 4 млрд долл. США» "
            "(the same figures: Uzbek presidential press service via Trend/MENAFN, 15.11.2025)",
        }
    )
    return pd.DataFrame(rows)


TARGETS = [
    {
        "target_usd_bn": "3.0",
        "target_year": "2018",
        "set_date": "2018-03-14",
        "status": "past",
        "title_en": "17th Intergovernmental Commission: $3bn in 2018",
        "title_ru": "17-е заседание межправкомиссии: 3 млрд $ в 2018 году",
        "reporter": "Kazakhstan",
        "cited_in_article": "false",
        "source_url": "https://uz.sputniknews.ru/20180314/kazahstan-i-uzbekistan-uvelichat-tovarooborot-do-3-milliardov-dollarov-7714422.html",
        "quote": "agreed to raise trade to $3bn in 2018 and $5bn by 2020",
    },
    {
        "target_usd_bn": "5.0",
        "target_year": "2020",
        "set_date": "2018-03-14",
        "status": "past",
        "title_en": "17th Intergovernmental Commission: $5bn by 2020",
        "title_ru": "17-е заседание межправкомиссии: 5 млрд $ к 2020 году",
        "reporter": "Kazakhstan",
        "cited_in_article": "false",
        "source_url": "https://uz.sputniknews.ru/20180314/kazahstan-i-uzbekistan-uvelichat-tovarooborot-do-3-milliardov-dollarov-7714422.html",
        "quote": "agreed to raise trade to $3bn in 2018 and $5bn by 2020",
    },
    {
        "target_usd_bn": "10.0",
        "target_year": "",
        "set_date": "2021-12-06",
        "status": "past",
        "title_en": "Action plan: $10bn within the next 5 years (no calendar year stated)",
        "title_ru": "План практических действий: 10 млрд $ в ближайшие 5 лет (год не назван)",
        "reporter": "Uzbekistan",
        "cited_in_article": "false",
        "source_url": "https://president.uz/ru/lists/view/4809",
        "quote": "План практических действий по доведению товарооборота ... до 10 миллиардов долларов в ближайшие 5 лет",
    },
    {
        "target_usd_bn": "10.0",
        "target_year": "2030",
        "set_date": "2025-03-15",
        "status": "current",
        "title_en": "Programme for increasing mutual trade to $10bn by 2030",
        "title_ru": "Программа увеличения взаимного товарооборота до 10 млрд $ к 2030 году",
        "reporter": "Kazakhstan",
        "cited_in_article": "false",
        "source_url": "https://www.inform.kz/ru/kazahstan-i-uzbekistan-dogovorilis-raskrit-potentsial-dvustoronnego-sotrudnichestva-dfba3f",
        "quote": "Tokayev: Program 'до 10 млрд долларов к 2030 году, подписана 15 марта'",
    },
    {
        "target_usd_bn": "10.0",
        "target_year": "2030",
        "set_date": "2025-11-15",
        "status": "current",
        "title_en": "$10bn by 2030 reaffirmed at the state visit of 14–15 November 2025",
        "title_ru": "Цель 10 млрд $ к 2030 году подтверждена в ходе государственного визита 14–15 ноября 2025 года",
        "reporter": "Uzbekistan",
        "cited_in_article": "true",
        "source_url": "https://uz.sputniknews.ru/20251115/uzbekistan-kazaxstan-stavyat-zadachu-dovesti-vzaimnyy-tovarooborot-do-10-mlrd-53494608.html",
        "quote": "«стороны подтвердили намерение довести этот показатель до 10 млрд долл. США к 2030 году» (seed article); target $10bn (Uzbek presidential press service)",
    },
]

EVENT_CATEGORY_AND_RU = [
    ("diplomacy", "Установлены дипломатические отношения между Казахстаном и Узбекистаном"),
    ("treaty", "Договор о вечной дружбе (по вторичному источнику)"),
    ("visit", "Переговоры Каримова и Назарбаева в Астане; цель — удвоить товарооборот"),
    ("visit", "Назарбаев дважды посетил Узбекистан (даты не указаны)"),
    ("visit", "Официальный визит Каримова в Астану (6–7 сентября 2012 г.)"),
    ("treaty", "Договор о стратегическом партнёрстве (по вторичному источнику)"),
    ("visit", "Государственный визит Мирзиёева в Астану (22–23 марта 2017 г.)"),
    ("visit", "Визит Назарбаева в Узбекистан; подписано 10 документов, включая Совместное заявление"),
    ("other", "Год Узбекистана в Казахстане (2019 — Год Казахстана в Узбекистане)"),
    ("commission", "17-е заседание межправкомиссии: цели 3 млрд $ (2018) и 5 млрд $ (2020)"),
    ("visit", "Встреча Назарбаева и Мирзиёева накануне первой Консультативной встречи глав государств Центральной Азии"),
    ("visit", "Визит Токаева в Узбекистан; открытие Года Казахстана в Узбекистане (точные даты не установлены)"),
    ("transport", "Первый транзитный контейнерный поезд «Узбекистон темир йуллари» из порта Актау в Ташкент"),
    (
        "visit",
        "Государственный визит Мирзиёева в Нур-Султан; Декларация о союзнических отношениях; план 10 млрд $ за 5 лет; соглашение о МЦПК «Центральная Азия»",
    ),
    ("transport", "Встреча министров транспорта тюркских государств: меморандум «Узжелдорконтейнер» с портами Актау и Курык"),
    ("visit", "Государственный визит Токаева в Узбекистан (21–22 декабря 2022 г.); межрегиональный бизнес-форум"),
    ("treaty", "Подписаны Договор о союзнических отношениях и Договор о демаркации государственной границы"),
    ("commission", "20-е заседание межправкомиссии (дата не установлена)"),
    ("ratification", "Мирзиёев подписал закон о ратификации Договора о союзнических отношениях"),
    ("visit", "Неформальная встреча Токаева и Мирзиёева в Хиве"),
    ("ratification", "Токаев подписал закон о ратификации Договора о союзнических отношениях (дата публикации сообщения)"),
    ("commission", "21-е заседание межправкомиссии (дата по сообщению)"),
    ("other", "Казахстанско-узбекистанский бизнес-форум"),
    (
        "council",
        "Государственный визит Мирзиёева (7–9 августа); 1-е заседание Высшего межгосударственного совета; Программа стратегического партнёрства и союзничества на 2024–2034 годы",
    ),
    ("treaty", "Подписана Программа увеличения взаимного товарооборота до 10 млрд $ к 2030 году"),
    ("visit", "Неформальная встреча Токаева и Мирзиёева"),
    ("visit", "Прибытие Токаева в Ташкент с государственным визитом (14–15 ноября 2025 г.)"),
    (
        "council",
        "Переговоры в резиденции «Кўксарой»; 2-е заседание Высшего межгосударственного совета; Совместное заявление; запуск МЦПК «Центральная Азия» и 7 проектов (1,2 млрд $ по данным Акорды / 1,3 млрд $ по данным узбекской стороны); Токаев награждён орденом «Олий даражали Дўстлик»",
    ),
    ("other", "VII Консультативная встреча глав государств Центральной Азии (Азербайджан — полноправный участник)"),
    (
        "centre",
        "Правительство Казахстана: первая очередь МЦПК «Центральная Азия» (100 га, 8 производственных корпусов) завершится к концу года; запуск в 2026 году",
    ),
    ("other", "Министр Кудратов встретился с послом Казахстана Атамкуловым; товарооборот 2025 года — 4,97 млрд $"),
]
KEY_EVENTS = {13, 16, 18, 20, 23, 24, 27}


def iso_date(text: str) -> str:
    match = re.match(r"^(\d{4}-\d{2}-\d{2})\b", text.strip())
    return match.group(1) if match else ""


def year_of(text: str) -> str:
    match = re.match(r"^\(?.*?(\d{4})", text.strip())
    return match.group(1) if match else ""


def build_events(research: Path) -> pd.DataFrame:
    raw = pd.read_csv(research / "events.csv", dtype=str, keep_default_na=False)
    if len(raw) != len(EVENT_CATEGORY_AND_RU):
        raise SystemExit("events.csv changed: update EVENT_CATEGORY_AND_RU")
    out = pd.DataFrame(
        {
            "date": raw["date"].map(iso_date),
            "date_text": raw["date"],
            "year": raw["date"].map(year_of),
            "category": [c for c, _ in EVENT_CATEGORY_AND_RU],
            "title_en": raw["event"],
            "title_ru": [ru for _, ru in EVENT_CATEGORY_AND_RU],
            "place": raw["place"].replace("-", ""),
            "key_event": ["true" if i in KEY_EVENTS else "false" for i in range(len(raw))],
            "source_url": raw["source_url"],
            "quote": raw["quote"],
        }
    )
    return out


def build_agreements(research: Path) -> pd.DataFrame:
    raw = pd.read_csv(research / "agreements.csv", dtype=str, keep_default_na=False)
    kind = raw["kind"].where(~raw["title_ru"].str.startswith("Решение"), "decision")
    return pd.DataFrame(
        {
            "date": raw["date"].map(iso_date),
            "date_text": raw["date"],
            "year": [year_of(d) if d.strip()[:1].isdigit() else "" for d in raw["date"]],
            "title_ru": raw["title_ru"],
            "title_en": raw["title_en"],
            "sector": raw["sector"],
            "kind": kind,
            "parties": raw["parties"],
            "summit_2025_11_15": (raw["date"] == "2025-11-15").map({True: "true", False: "false"}),
            "source_url": raw["source_url"],
        }
    )


# Projects: kind, whose count a total is, and when it was stated (from the status text).
PROJECT_META = {
    1: ("launch_total", "Kazakhstan", "2025-11-15", "false"),
    2: ("launch_total", "Uzbekistan", "2025-11-15", "true"),
    19: ("portfolio", "Kazakhstan", "2022-12", "false"),
    20: ("portfolio", "Kazakhstan", "", "false"),
    21: ("portfolio", "Kazakhstan", "2024-04", "false"),
    22: ("portfolio", "Kazakhstan", "2024", "false"),
    23: ("portfolio", "Kazakhstan", "2024-08-07", "false"),
    24: ("portfolio", "other", "2024-08-07", "false"),
    25: ("portfolio", "Kazakhstan", "2025-11-15", "false"),
    26: ("portfolio", "Uzbekistan", "2025-11-15", "false"),
}


def build_projects(research: Path) -> pd.DataFrame:
    raw = pd.read_csv(research / "projects.csv", dtype=str, keep_default_na=False)
    meta = [PROJECT_META.get(i, ("project", "", "", "false")) for i in range(len(raw))]
    return pd.DataFrame(
        {
            "name": raw["name"],
            "kind": [m[0] for m in meta],
            "sector": raw["sector"],
            "value_usd_mn": raw["value_usd_mn"],
            "location": raw["location"],
            "status": raw["status"],
            "reporter": [m[1] for m in meta],
            "as_of": [m[2] for m in meta],
            "cited_in_article": [m[3] for m in meta],
            "source_url": raw["source_url"],
        }
    )


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        raise SystemExit("usage: python scripts/import_research.py OUT_DIR [RESEARCH_DIR] (OUT_DIR must not be data/)")
    out = Path(args[0]).resolve()
    if out == DATA.resolve() or out in DATA.resolve().parents or DATA.resolve() in out.parents:
        raise SystemExit(
            f"refusing to write into {DATA}: data/ is the source of truth and has corrections the research "
            "files lack; build into another folder and compare"
        )
    research = Path(args[1]) if len(args) > 1 else ROOT.parent / "shared" / "data-research"
    out.mkdir(parents=True, exist_ok=True)
    build_trade(research).to_csv(out / "trade.csv", index=False)
    pd.DataFrame(TARGETS).to_csv(out / "targets.csv", index=False)
    build_events(research).to_csv(out / "events.csv", index=False)
    build_agreements(research).to_csv(out / "agreements.csv", index=False)
    build_projects(research).to_csv(out / "projects.csv", index=False)


if __name__ == "__main__":
    main()
