"""split_dateline: wire datelines are split off; headlines and sentences are left alone."""

from __future__ import annotations

import pytest

from detente.ingest.dateline import split_dateline, title_case_place

DATELINES = [
    (
        "MOSCOW - Russia said on Monday it would reply.",
        "Moscow",
        "Russia said on Monday it would reply.",
    ),
    ("MOSCOW — Russia said it would reply.", "Moscow", "Russia said it would reply."),
    ("MOSCOW—Russia said it would reply.", "Moscow", "Russia said it would reply."),
    ("MOSCOW -- Russia said it would reply.", "Moscow", "Russia said it would reply."),
    ("KABUL, Jan 20 (AFP) - A blast hit the city.", "Kabul", "A blast hit the city."),
    ("WASHINGTON (Reuters) - The senate voted.", "Washington", "The senate voted."),
    ("ISLAMABAD, March 4 (detente) - Talks began.", "Islamabad", "Talks began."),
    ("UNITED NATIONS, Oct. 3 (Xinhua) -- The council met.", "United Nations", "The council met."),
    ("BEIJING, Dec. 12 -- China said no.", "Beijing", "China said no."),
    ("Moscow, 5 March (TASS) - Lavrov spoke.", "Moscow", "Lavrov spoke."),
    ("NEW DELHI - India and Nepal signed a pact.", "New Delhi", "India and Nepal signed a pact."),
    ("RIO DE JANEIRO - Police said.", "Rio de Janeiro", "Police said."),
    ("PORT-AU-PRINCE - Gangs fired.", "Port-au-Prince", "Gangs fired."),
    ("ST. PETERSBURG, Russia (Reuters) - A court ruled.", "St. Petersburg", "A court ruled."),
    ("WASHINGTON, January 20, 2018 (Reuters) - He left.", "Washington", "He left."),
    ("Kabul (AFP) — Rockets struck.", "Kabul", "Rockets struck."),
    # After a headline line or two: only the dateline prefix goes, the rest stays as it was.
    (
        "Headline here\nShares\nMOSCOW - Body text.\nSecond para.",
        "Moscow",
        "Headline here\nShares\nBody text.\nSecond para.",
    ),
    ("Talks open\n\nKABUL, Jan 20 (AFP) - Body.", "Kabul", "Talks open\n\nBody."),
    # A dateline on a line of its own.
    ("MOSCOW, Jan 20 (AFP) -\nRussia said.", "Moscow", "\nRussia said."),
]

NOT_DATELINES = [
    "US - China trade talks resumed",
    "US - China trade talks resumed\nThe two sides met in Geneva.",
    "UN - Security council meets",
    "BREAKING - Ceasefire announced",
    "RUSSIA - CHINA SUMMIT\nThe leaders met.",
    "Paris - the city of light - hosted the talks.",
    "Moscow, Russia - the talks went on.",
    "The minister said - twice - that he would go.",
    "MOSCOW-based firms said they would comply.",
    "Russia said on Monday it would reply.",
    # Four lines down is too far for a dateline.
    "One\nTwo\nThree\nMOSCOW - Body.",
    # A long first paragraph: a dateline after it is not a dateline.
    "This opening line is plainly a long paragraph of body text that runs on and on well past "
    "twenty words before it stops.\nMOSCOW - Body.",
    "",
]


@pytest.mark.parametrize(("text", "place", "body"), DATELINES)
def test_split_dateline(text: str, place: str, body: str) -> None:
    assert split_dateline(text) == (place, body)


@pytest.mark.parametrize("text", NOT_DATELINES)
def test_no_dateline_leaves_text_unchanged(text: str) -> None:
    assert split_dateline(text) == ("", text)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("MOSCOW", "Moscow"),
        ("NEW DELHI", "New Delhi"),
        ("UNITED NATIONS", "United Nations"),
        ("DAR ES SALAAM", "Dar es Salaam"),
        ("XI'AN", "Xi'an"),
        ("Moscow", "Moscow"),
    ],
)
def test_title_case_place(name: str, expected: str) -> None:
    assert title_case_place(name) == expected


def test_rest_of_text_is_kept_byte_for_byte() -> None:
    body = "Russia  said\t(twice):\r\n  « non » — 100%.\n\n\nEnd "
    assert split_dateline("MOSCOW - " + body) == ("Moscow", body)
