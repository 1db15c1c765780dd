"""Catalogue parsing and full validation (resurser/katalog/FORMAT.md)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from handledare_app.domain.catalogue import parse_catalogue_bytes, validate_catalogue
from handledare_app.domain.catalogue_spec import CatalogueSpec
from handledare_app.domain.errors import ValidationError
from handledare_app.resources import example_catalogue_path


def minimal() -> dict[str, Any]:
    """A small valid catalogue: two areas, two modules."""
    return {
        "format": "handledarappen-katalog",
        "format_version": 1,
        "catalogue_id": "testkatalog",
        "name": "Testkatalog",
        "version": "2027.1",
        "business_areas": [
            {
                "code": "butik",
                "name": "Butik",
                "modules": [
                    {
                        "code": "BUT-01",
                        "version": 1,
                        "title": "Sortera varor",
                        "seqf_level": 2,
                        "ocn_level": 1,
                        "points": 3,
                        "outcomes": [
                            {
                                "number": 1,
                                "text": "Deltagaren kan sortera varor.",
                                "criteria": [
                                    {"number": "1.1", "text": "Sorterar efter rutin."},
                                    {"number": "1.2", "text": "Prismärker varor."},
                                ],
                            }
                        ],
                    }
                ],
            },
            {
                "code": "cafe",
                "name": "Café",
                "modules": [
                    {
                        "code": "CAF-01",
                        "version": 1,
                        "title": "Servera",
                        "seqf_level": 2,
                        "points": 1.5,
                        "outcomes": [
                            {
                                "number": 1,
                                "text": "Deltagaren kan servera.",
                                "criteria": [
                                    {"number": "1.1", "text": "Tar beställning."},
                                    {"number": "1.2", "text": "Serverar."},
                                ],
                            }
                        ],
                    }
                ],
            },
        ],
    }


def encode(raw: Any) -> bytes:
    return json.dumps(raw, ensure_ascii=False).encode("utf-8")


def errors_of(data: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        parse_catalogue_bytes(data)
    return info.value


def module(raw: dict[str, Any], area: int = 0, index: int = 0) -> dict[str, Any]:
    m: dict[str, Any] = raw["business_areas"][area]["modules"][index]
    return m


# --- the shipped example ------------------------------------------------------------


@pytest.fixture(scope="module")
def example() -> CatalogueSpec:
    return parse_catalogue_bytes(example_catalogue_path().read_bytes())


def test_example_has_enough_areas_and_modules(example: CatalogueSpec) -> None:
    assert len(example.business_areas) >= 6
    assert len(example.modules) >= 24


def test_example_modules_have_one_to_four_outcomes(example: CatalogueSpec) -> None:
    for _area, m in example.modules:
        assert 1 <= len(m.outcomes) <= 4, m.code


def test_example_outcomes_have_two_to_six_criteria(example: CatalogueSpec) -> None:
    for _area, m in example.modules:
        for o in m.outcomes:
            assert 2 <= len(o.criteria) <= 6, f"{m.code} {o.number}"


def test_example_codes_are_unique_and_levels_in_range(example: CatalogueSpec) -> None:
    codes = [m.code for _a, m in example.modules]
    assert len(codes) == len(set(codes))
    assert len({a.code for a in example.business_areas}) == len(example.business_areas)
    for _a, m in example.modules:
        assert 1 <= m.seqf_level <= 8
        assert 0 < m.points <= 60


def test_example_covers_the_usual_business_areas(example: CatalogueSpec) -> None:
    codes = {a.code for a in example.business_areas}
    assert {"butik", "cafe", "stad"} <= codes


def test_to_json_round_trips(example: CatalogueSpec) -> None:
    again = validate_catalogue(json.loads(json.dumps(example.to_json())))
    assert again == example


def test_content_hash_is_stable_and_content_sensitive(example: CatalogueSpec) -> None:
    _a, m = example.modules[0]
    again = parse_catalogue_bytes(example_catalogue_path().read_bytes())
    assert again.modules[0][1].content_hash() == m.content_hash()
    raw = minimal()
    first = validate_catalogue(raw).modules[0][1].content_hash()
    module(raw)["outcomes"][0]["criteria"][1]["text"] = "Prismärker alla varor."
    assert validate_catalogue(raw).modules[0][1].content_hash() != first


def test_minimal_file_parses() -> None:
    spec = parse_catalogue_bytes(encode(minimal()))
    assert [m.code for _a, m in spec.modules] == ["BUT-01", "CAF-01"]
    assert spec.hours_per_point == 10
    caf = spec.modules[1][1]
    assert caf.points == 1.5
    assert caf.ocn_level is None


def test_utf8_with_bom_is_accepted() -> None:
    spec = parse_catalogue_bytes(b"\xef\xbb\xbf" + encode(minimal()))
    assert spec.catalogue_id == "testkatalog"


@pytest.mark.parametrize("points", [0.5, 1.1, 2.3, 60])
def test_points_with_one_decimal_are_accepted(points: float) -> None:
    raw = minimal()
    module(raw)["points"] = points
    assert parse_catalogue_bytes(encode(raw)).modules[0][1].points == points


# --- broken files: whole-file problems ----------------------------------------------------


def test_invalid_json_syntax_names_line_and_column() -> None:
    text = encode(minimal()).decode().replace('"name": "Butik",', '"name": "Butik"', 1)
    err = errors_of(text.encode())
    assert "inte giltig JSON" in err.message
    assert "rad 1" in err.message
    assert "kommatecken saknas" in err.message


def test_not_utf8_is_refused() -> None:
    data = encode(minimal()).decode().encode("latin-1")  # "é" in Café as one byte
    err = errors_of(data)
    assert "UTF-8" in err.message


@pytest.mark.parametrize("data", [b"", b"   \n\t "])
def test_empty_file_is_refused(data: bytes) -> None:
    assert "tom" in errors_of(data).message


@pytest.mark.parametrize("data", [b"[]", b"42", b'"katalog"', b"null"])
def test_not_an_object_is_refused(data: bytes) -> None:
    assert "JSON-objekt" in errors_of(data).message


def test_wrong_format_name_is_refused() -> None:
    raw = minimal()
    raw["format"] = "ocn-katalog"
    err = errors_of(encode(raw))
    assert "ingen kriteriebank" in err.message
    assert "handledarappen-katalog" in err.message


def test_newer_format_version_is_refused() -> None:
    raw = minimal()
    raw["format_version"] = 2
    err = errors_of(encode(raw))
    assert "formatversion 2" in err.message
    assert "Uppdatera appen" in err.message


# --- broken files: single-place problems ---------------------------------------------------


def test_missing_module_field_names_module_and_field() -> None:
    raw = minimal()
    del module(raw)["title"]
    err = errors_of(encode(raw))
    assert err.details == ["Modul BUT-01: fältet ”title” saknas"]
    assert "Inget har ändrats" in err.message


def test_missing_top_level_fields_are_all_reported() -> None:
    raw = minimal()
    del raw["name"]
    del raw["catalogue_id"]
    err = errors_of(encode(raw))
    assert len(err.details) == 2
    assert all("Katalogen" in d and "saknas" in d for d in err.details)


def test_missing_criterion_text_names_criterion_number() -> None:
    raw = minimal()
    del module(raw)["outcomes"][0]["criteria"][1]["text"]
    err = errors_of(encode(raw))
    assert err.details == ["Modul BUT-01, kriterium 1.2: fältet ”text” saknas"]


def test_duplicate_module_code_is_refused() -> None:
    raw = minimal()
    module(raw, area=1)["code"] = "BUT-01"
    err = errors_of(encode(raw))
    assert len(err.details) == 1
    assert "BUT-01" in err.details[0]
    assert "finns redan" in err.details[0]


def test_duplicate_business_area_code_is_refused() -> None:
    raw = minimal()
    raw["business_areas"][1]["code"] = "butik"
    err = errors_of(encode(raw))
    assert any("”butik”" in d and "dubblett" in d for d in err.details)


@pytest.mark.parametrize("level", [0, 9, -1])
def test_seqf_level_out_of_range(level: int) -> None:
    raw = minimal()
    module(raw)["seqf_level"] = level
    err = errors_of(encode(raw))
    assert err.details == [
        f"Modul BUT-01: fältet ”seqf_level” är {level}, men ska vara mellan 1 och 8"
    ]


def test_ocn_level_out_of_range() -> None:
    raw = minimal()
    module(raw)["ocn_level"] = 4
    err = errors_of(encode(raw))
    assert "ocn_level" in err.details[0]
    assert "ska vara mellan 1 och 3" in err.details[0]


def test_level_of_wrong_type() -> None:
    raw = minimal()
    module(raw)["seqf_level"] = "2"
    err = errors_of(encode(raw))
    assert "ska vara ett heltal" in err.details[0]


@pytest.mark.parametrize("points", [0, -1, 60.5, 100])
def test_points_out_of_range(points: float) -> None:
    raw = minimal()
    module(raw)["points"] = points
    err = errors_of(encode(raw))
    assert len(err.details) == 1
    assert "Modul BUT-01" in err.details[0]
    assert "ska vara större än 0 och högst 60" in err.details[0]


def test_points_with_two_decimals() -> None:
    raw = minimal()
    module(raw)["points"] = 1.25
    assert "högst en decimal" in errors_of(encode(raw)).details[0]


@pytest.mark.parametrize("points", ["3", True, None])
def test_points_of_wrong_type_or_missing(points: Any) -> None:
    raw = minimal()
    module(raw)["points"] = points
    detail = errors_of(encode(raw)).details[0]
    assert "points" in detail
    assert "ska vara ett tal" in detail or "saknas" in detail


def test_module_without_outcomes_is_refused() -> None:
    raw = minimal()
    module(raw)["outcomes"] = []
    err = errors_of(encode(raw))
    assert err.details == ["Modul BUT-01: har inga läranderesultat"]


def test_outcome_without_criteria_is_refused() -> None:
    raw = minimal()
    module(raw)["outcomes"][0]["criteria"] = []
    err = errors_of(encode(raw))
    assert err.details == ["Modul BUT-01, läranderesultat 1: har inga bedömningskriterier"]


def test_business_area_without_modules_is_refused() -> None:
    raw = minimal()
    raw["business_areas"][1]["modules"] = []
    err = errors_of(encode(raw))
    assert err.details == ["Verksamhetsområde ”cafe”: har inga moduler"]


def test_no_business_areas_is_refused() -> None:
    raw = minimal()
    raw["business_areas"] = []
    assert errors_of(encode(raw)).details == ["Katalogen: har inga verksamhetsområden"]


def test_unknown_field_is_reported_as_probable_typo() -> None:
    raw = minimal()
    module(raw)["titel"] = "Sortera"
    err = errors_of(encode(raw))
    assert err.details == ["Modul BUT-01: okänt fält ”titel” (felstavat?)"]


def test_unknown_field_at_every_level() -> None:
    raw = minimal()
    raw["namn"] = "x"
    raw["business_areas"][0]["kod"] = "x"
    module(raw)["outcomes"][0]["nummer"] = 1
    module(raw)["outcomes"][0]["criteria"][0]["kommentar"] = "x"
    err = errors_of(encode(raw))
    assert len(err.details) == 4
    assert all("okänt fält" in d for d in err.details)


def test_bad_criterion_numbering() -> None:
    raw = minimal()
    module(raw)["outcomes"][0]["criteria"][1]["number"] = "1.3"
    err = errors_of(encode(raw))
    assert err.details == ["Modul BUT-01, kriterium 1.2: numret ska vara ”1.2”, inte '1.3'"]


def test_bad_outcome_numbering() -> None:
    raw = minimal()
    second = copy.deepcopy(module(raw)["outcomes"][0])
    second["number"] = 3
    for i, c in enumerate(second["criteria"], start=1):
        c["number"] = f"2.{i}"
    module(raw)["outcomes"].append(second)
    err = errors_of(encode(raw))
    assert len(err.details) == 1
    assert "läranderesultat 2" in err.details[0]
    assert "numret ska vara 2" in err.details[0]


def test_bad_module_code_characters() -> None:
    raw = minimal()
    module(raw)["code"] = "but_01"
    assert "A–Z, 0–9 och bindestreck" in errors_of(encode(raw)).details[0]


def test_bad_published_date() -> None:
    raw = minimal()
    raw["published"] = "2027-02-30"
    assert "ska vara ett datum" in errors_of(encode(raw)).details[0]


def test_too_many_outcomes() -> None:
    raw = minimal()
    template = module(raw)["outcomes"][0]
    outcomes = []
    for n in range(1, 12):
        o = copy.deepcopy(template)
        o["number"] = n
        for i, c in enumerate(o["criteria"], start=1):
            c["number"] = f"{n}.{i}"
        outcomes.append(o)
    module(raw)["outcomes"] = outcomes
    assert errors_of(encode(raw)).details == ["Modul BUT-01: har fler än 10 läranderesultat"]


# --- several errors at once -------------------------------------------------------------


def test_several_errors_are_all_reported_with_their_places() -> None:
    raw = minimal()
    but = module(raw)
    del but["title"]  # 1
    but["outcomes"][0]["criteria"][1]["number"] = "2.2"  # 2
    but["points"] = 0  # 3
    caf = module(raw, area=1)
    caf["seqf_level"] = 11  # 4
    caf["outcomes"][0]["criteria"][0]["text"] = ""  # 5
    raw["format_version"] = 1
    err = errors_of(encode(raw))
    assert len(err.details) == 5, err.details
    assert "5 fel" in err.message
    assert sum("BUT-01" in d for d in err.details) == 3
    assert sum("CAF-01" in d for d in err.details) == 2
    assert any("kriterium 1.2" in d and "BUT-01" in d for d in err.details)
    assert any("kriterium 1.1" in d and "CAF-01" in d for d in err.details)
    full = err.full_text()
    assert full.count("  • ") == 5


def test_messages_are_swedish() -> None:
    raw = minimal()
    del module(raw)["title"]
    module(raw, area=1)["seqf_level"] = "två"
    err = errors_of(encode(raw))
    assert any("saknas" in d for d in err.details)
    assert any("ska vara" in d for d in err.details)
    assert "lästes inte in" in err.message
    for english in ("missing", "error", "must", "invalid"):
        assert english not in err.full_text().lower()


def test_absurd_json_gets_a_swedish_error_not_a_crash() -> None:
    from handledare_app.domain.catalogue import parse_catalogue_bytes
    from handledare_app.domain.errors import ValidationError

    with pytest.raises(ValidationError, match="djupt nästlad"):
        parse_catalogue_bytes(b"[" * 100_000 + b"]" * 100_000)
    with pytest.raises(ValidationError, match="orimligt stort"):
        parse_catalogue_bytes(b'{"format_version": ' + b"9" * 5000 + b"}")
