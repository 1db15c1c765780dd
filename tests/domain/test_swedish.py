"""Names sort the Swedish way (issue 13)."""

from __future__ import annotations

from handledare_app.domain.swedish import sort_key


def test_a_ring_before_a_umlaut_before_o_umlaut_after_z() -> None:
    names = ["Östen", "Ärla", "Åsa", "Zara", "Adam", "Élise", "Erik", "Eva", "Ulla", "Üwe"]
    assert sorted(names, key=sort_key) == [
        "Adam",
        "Élise",
        "Erik",
        "Eva",
        "Ulla",
        "Üwe",
        "Zara",
        "Åsa",
        "Ärla",
        "Östen",
    ]


def test_case_is_ignored_but_distinct_names_stay_distinct() -> None:
    assert sorted(["åsa", "Åsa", "ÄRLA", "anna"], key=sort_key) == ["anna", "åsa", "Åsa", "ÄRLA"]
    assert sort_key("Elise") != sort_key("Élise")


def test_outcome_after_hen_kan_does_not_repeat_deltagaren_kan() -> None:
    from handledare_app.domain.swedish import after_hen_kan

    assert after_hen_kan("Deltagaren kan packa en order.") == "packa en order."
    assert after_hen_kan("Sorterar kläder efter skick.") == "Sorterar kläder efter skick."
