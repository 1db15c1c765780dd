from __future__ import annotations

import pytest

from handledare_app.domain.codes import ALPHABET, format_code, new_code, normalise_code
from handledare_app.domain.errors import ValidationError


def test_new_codes_are_crockford_and_random() -> None:
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == 10 and set(c) <= set(ALPHABET) for c in codes)
    assert not set("ILOU") & set("".join(codes))


@pytest.mark.parametrize("typed", ["7k3qd-m9x2f", "7K3QDM9X2F", " 7K3QD M9X2F ", "7K3QD-M9X2F"])
def test_normalise_accepts_what_people_type(typed: str) -> None:
    assert normalise_code(typed) == "7K3QDM9X2F"


def test_confusables_map_to_digits() -> None:
    assert normalise_code("OIL00-ooiil") == "01100" + "00111"
    assert format_code("0110000111") == "01100-00111"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("", "Skriv intygets kontrollkod"), ("7K3QD-M9X2", "ska ha 10 tecken"), ("7K3QD-M9X2U", "U")],
)
def test_malformed_codes_get_swedish_errors(text: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as err:
        normalise_code(text)
    assert fragment in err.value.message
