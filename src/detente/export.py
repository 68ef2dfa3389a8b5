"""Writing events in other systems' formats: GDELT 2.0's event table (tab-separated)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

# GDELT 2.0 event table columns, in order (GDELT 2.0 Event Codebook, V2.0, 2015).
_ACTOR_FIELDS = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
_GEO_FIELDS = (
    "Type",
    "FullName",
    "CountryCode",
    "ADM1Code",
    "ADM2Code",
    "Lat",
    "Long",
    "FeatureID",
)
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR_FIELDS),
    *(f"Actor2{f}" for f in _ACTOR_FIELDS),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(f"Actor1Geo_{f}" for f in _GEO_FIELDS),
    *(f"Actor2Geo_{f}" for f in _GEO_FIELDS),
    *(f"ActionGeo_{f}" for f in _GEO_FIELDS),
    "DATEADDED",
    "SOURCEURL",
)


def _actor(prefix: str, actor: dict[str, Any] | None) -> dict[str, Any]:
    actor = actor or {}
    sectors = list(actor.get("sectors") or []) + ["", "", ""]
    return {
        f"{prefix}Code": actor.get("code", ""),
        f"{prefix}Name": (actor.get("name") or "").upper(),
        f"{prefix}CountryCode": actor.get("country", ""),
        f"{prefix}Type1Code": sectors[0],
        f"{prefix}Type2Code": sectors[1],
        f"{prefix}Type3Code": sectors[2],
    }


def gdelt_row(event: dict[str, Any]) -> dict[str, Any]:
    day = (event.get("date") or "").replace("-", "")
    year = day[:4]
    loc = event.get("location") or {}
    row: dict[str, Any] = {
        "GLOBALEVENTID": event["event_id"],
        "SQLDATE": day,
        "MonthYear": day[:6],
        "Year": year,
        "FractionDate": "",
        "IsRootEvent": 1 if event.get("sentence_index", 0) == 0 else 0,
        "EventCode": event["cameo"],
        "EventBaseCode": event["cameo"][:3],
        "EventRootCode": event["cameo_root"],
        "QuadClass": event["quad_class"],
        "GoldsteinScale": event["goldstein"],
        "NumMentions": event.get("mentions", 1),
        "NumSources": 1,
        "NumArticles": event.get("mentions", 1),
        "AvgTone": "",
        "ActionGeo_Type": 1
        if loc and not loc.get("entry", "").startswith("geonames")
        else (4 if loc else ""),
        "ActionGeo_FullName": loc.get("name", ""),
        "ActionGeo_CountryCode": loc.get("country", ""),
        "ActionGeo_Lat": loc.get("lat") if loc.get("lat") is not None else "",
        "ActionGeo_Long": loc.get("lon") if loc.get("lon") is not None else "",
        "ActionGeo_FeatureID": loc.get("entry", ""),
        "DATEADDED": day,
        "SOURCEURL": event.get("url", ""),
    }
    row.update(_actor("Actor1", event.get("source")))
    row.update(_actor("Actor2", event.get("target")))
    return row


def write_gdelt(events: Iterable[dict[str, Any]], out: TextIO, header: bool = True) -> int:
    writer = csv.DictWriter(
        out,
        fieldnames=GDELT_COLUMNS,
        delimiter="\t",
        restval="",
        extrasaction="ignore",
        lineterminator="\n",
    )
    if header:
        writer.writeheader()
    n = 0
    for event in events:
        writer.writerow(gdelt_row(event))
        n += 1
    return n
