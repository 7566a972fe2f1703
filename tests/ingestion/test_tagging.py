"""The region tagger: traps, evidence, roles and the labelled set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from articles.ingestion.tagging import TAGGER_VERSION, RegionTag, tag_article, tag_text

LABELLED = Path(__file__).parent / "data" / "tagging_labelled.jsonl"
SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_c7cf1cb365c6adee.txt"


def countries(tags: list[RegionTag]) -> set[str]:
    return {t.country_code for t in tags if t.country_code}


def keys(tags: list[RegionTag]) -> set[str]:
    return {t.key for t in tags}


CASES = [
    # (text, expected keys or ISO2 codes, forbidden ISO2 codes)
    ("Atlanta officials said Georgia will add polling sites.", {"admin_area:US-GA", "US"}, {"GE"}),
    ("Georgia's parliament in Tbilisi passed the bill.", {"country:GE"}, {"US"}),
    ("Georgia and Armenia signed a transit deal.", {"GE", "AM"}, {"US"}),
    ("The governor of Georgia thanked Florida and Alabama.", {"admin_area:US-GA"}, {"GE"}),
    ("Michael Jordan said the arena would open. Jordan smiled.", set(), {"JO"}),
    ("Jordan reopened its border with Syria, officials in Amman said.", {"JO", "SY"}, set()),
    ("Chad Johnson scored twice in the fourth quarter.", set(), {"TD"}),
    ("Her husband, Chad, runs a bakery; Mr Chad Evans does the books.", set(), {"TD"}),
    ("Chad's government in N'Djamena declared an emergency.", {"TD"}, set()),
    ("We ate roast turkey with cranberry sauce.", set(), {"TR"}),
    ("Turkey will host the talks, Ankara said.", {"TR"}, set()),
    ("Nice weather is expected this weekend.", set(), {"FR"}),
    ("The festival in Nice drew large crowds.", {"FR"}, set()),
    ("Reading is the best way to learn.", set(), {"GB"}),
    ("Police in Reading, England, made two arrests.", {"GB"}, set()),
    ("Mobile phone sales rose sharply.", set(), {"US"}),
    ("The carrier T-Mobile fixed its network.", set(), {"US"}),
    ("A storm flooded streets in Mobile, Alabama.", {"US"}, set()),
    ("Split opinions delayed the vote.", set(), {"HR"}),
    ("Bath time can be stressful for toddlers.", set(), {"GB"}),
    ("Of all the proposals, the cheapest won.", set(), {"TR"}),
    ("Paris Hilton launched a new fragrance.", set(), {"FR"}),
    ("Paris police closed streets near the river.", {"FR"}, set()),
    ("Denzel Washington thanked the cast; Washington smiled.", set(), {"US"}),
    ("Washington imposed new sanctions on Tehran.", {"US", "IR"}, set()),
    ("New Jersey lawmakers approved the budget.", {"admin_area:US-NJ"}, {"JE"}),
    ("He handed the fan his jersey.", set(), {"JE"}),
    ("Papua New Guinea declared an emergency.", {"PG"}, {"GN"}),
    ("Equatorial Guinea sent a delegation.", {"GQ"}, {"GN"}),
    ("The children adopted a guinea pig.", set(), {"GN"}),
    ("Armenian troops returned fire on Azerbaijani forces.", {"AM", "AZ"}, set()),
    ("Thousands of Britons were stranded.", {"GB"}, set()),
    ("Moscow said it would retaliate.", {"city:524901", "RU"}, set()),
    ("Baku said talks with Yerevan had stalled.", {"city:587084", "AZ", "AM"}, set()),
    (
        "Nagorno-Karabakh authorities reported shortages.",
        {"territory:nagorno-karabakh"},
        {"AZ", "AM"},
    ),
    ("The Republic of Artsakh dissolved itself.", {"territory:nagorno-karabakh"}, {"AZ"}),
    ("Kosovo and Serbia agreed a plan.", {"XK", "RS", "territory:kosovo"}, set()),
    ("The CSTO, the UN and NATO were asked to send observers.", set(), {"US", "RU"}),
    ("The Organization of American States met.", set(), {"US"}),
    ("The UK and the U.S. announced a review.", {"GB", "US"}, set()),
    ("The Soviet Union launched a satellite.", {"RU"}, set()),
    ("The guide speaks English and French.", set(), {"GB", "FR"}),
    ("She set the table with fine china.", set(), {"CN"}),
    ("Lewis Hamilton won the race.", set(), {"CA", "NZ", "BM"}),
    ("Israel Adesanya defended his title.", set(), {"IL"}),
    ("Deputies in Cuyahoga County closed the road.", {"admin_area:US-OH", "US"}, set()),
    ("Suffolk County police said Suffolk roads were icy.", {"US"}, {"GB"}),
    ("Kent County Council gritted the roads.", {"admin_area:GB-ENG"}, {"US"}),
    ("The coins date from 300 BC and the fifth century B.C.", set(), {"CA"}),
    ("Crews in BC and Alta. fought the fires.", {"admin_area:CA-BC", "admin_area:CA-AB"}, set()),
    ("A London man was jailed for fraud.", {"city:2643743", "GB"}, set()),
    ("He met J Davis and A. Jordan.", set(), {"US", "JO"}),
    ("The White House and the Kremlin traded barbs.", {"US", "RU"}, set()),
]


@pytest.mark.parametrize(("text", "expected", "forbidden"), CASES)
def test_traps_and_readings(text, expected, forbidden):
    tags = tag_text(text)
    found = keys(tags) | countries(tags)
    assert expected <= found, f"missing {expected - found}"
    assert not (countries(tags) & forbidden), f"false {countries(tags) & forbidden}"


WASHINGTON_DC = "city:4140963"
WASHINGTON_STATE = "admin_area:US-WA"


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("Washington said it would respond to the sanctions.", WASHINGTON_DC),
        ("Washington imposed tariffs on Texas beef, officials in Austin said.", WASHINGTON_DC),
        ("Washington and Oregon closed their coastal parks.", WASHINGTON_STATE),
        ("Wildfires in Washington forced evacuations near Spokane.", WASHINGTON_STATE),
        ("Washington State officials said the ferry would resume.", WASHINGTON_STATE),
    ],
)
def test_washington_is_the_capital_unless_the_state_is_meant(text, reading):
    found = keys(tag_text(text))
    assert reading in found
    assert not ({WASHINGTON_DC, WASHINGTON_STATE} - {reading}) & found


def test_a_lone_town_in_a_story_set_abroad_is_a_namesake():
    abroad = tag_text("Fans in Leeds and Liverpool cheered as Davis scored twice.")
    assert countries(abroad) == {"GB"}
    at_home = tag_text("Police in Leeds and Liverpool worked with officers in Davis, California.")
    assert countries(at_home) == {"GB", "US"}


def test_mentions_point_into_their_field():
    headline = "Armenia to turn to Russia over border clashes"
    body = "Baku said Armenian troops fired first. Yerevan denied it, and Moscow urged calm."
    dateline = "YEREVAN"
    tags = tag_article(headline=headline, body=body, dateline=dateline)
    fields = {"headline": headline, "body": body, "dateline": dateline}
    for tag in tags:
        assert tag.mention_count == len(tag.mentions) > 0
        assert set(tag.roles) == {m.role for m in tag.mentions}
        for m in tag.mentions:
            assert fields[m.role][m.start : m.end] == m.text


def test_dateline_role_and_main_subject():
    tags = {
        t.key: t
        for t in tag_article(headline="Talks resume", body="Officials met.", dateline="BAKU")
    }
    assert tags["city:587084"].roles == ("dateline",)
    assert tags["country:AZ"].is_main


def test_city_implies_its_country_with_the_same_evidence():
    tags = {t.key: t for t in tag_text("Officials in Baku said the talks would resume.")}
    city, country = tags["city:587084"], tags["country:AZ"]
    assert city.country_code == country.country_code == "AZ"
    assert city.mentions == country.mentions


def test_mention_counts_add_up():
    tags = {t.key: t for t in tag_text("Armenia said Armenia and Armenians would not yield.")}
    assert tags["country:AM"].mention_count == 3
    assert [m.text for m in tags["country:AM"].mentions] == ["Armenia", "Armenia", "Armenians"]


def test_headline_mention_outranks_a_passing_one():
    tags = tag_article(headline="Floods hit Nigeria", body="Aid came from Lagos and from Ghana.")
    ranked = [t.key for t in tags]
    assert ranked[0] == "country:NG"
    by_key = {t.key: t for t in tags}
    assert by_key["country:NG"].relevance == 1.0
    assert by_key["country:GH"].relevance < 1.0


def test_confidence_and_relevance_are_fractions():
    for tag in tag_text("Georgia, Jordan and Chad met in Paris and Washington."):
        assert 0.0 <= tag.confidence <= 1.0
        assert 0.0 <= tag.relevance <= 1.0


def test_empty_input_gives_no_tags():
    assert tag_text("") == []
    assert tag_article() == []
    assert isinstance(TAGGER_VERSION, str)
    assert TAGGER_VERSION


def _labelled() -> list[dict]:
    with LABELLED.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def test_labelled_set_scores_well_and_traps_add_no_false_country():
    records = _labelled()
    assert len(records) >= 60
    tp = fp = fn = 0
    trap_errors = []
    for rec in records:
        got, want = countries(tag_text(rec["text"])), set(rec["countries"])
        tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
        if rec.get("trap") and got - want:
            trap_errors.append((rec["id"], sorted(got - want)))
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= 0.95, f"F1 {f1:.3f}"
    assert trap_errors == []


@pytest.mark.skipif(not SEED.exists(), reason=f"seed article not present at {SEED}")
def test_seed_article_names_the_conflict_parties_and_not_the_organisations():
    text = SEED.read_text(encoding="utf-8")
    tags = tag_text(text)
    found = keys(tags)
    assert {"country:AM", "country:AZ", "territory:nagorno-karabakh"} <= found
    assert {"city:524901", "country:RU"} & found
    karabakh = next(t for t in tags if t.key == "territory:nagorno-karabakh")
    assert karabakh.country_code is None
    spans = {m.text for t in tags for m in t.mentions}
    assert not {"CSTO", "UN"} & spans
