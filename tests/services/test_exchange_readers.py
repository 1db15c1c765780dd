"""What the export result says about who can open a package (issue 13)."""

from __future__ import annotations

from handledare_app.services.exchange_readers import megabytes, who_can_open


def test_passphrase_package_opens_with_the_passphrase_only() -> None:
    text = who_can_open(["lösenfras"], "exchange")
    assert "lösenfrasen" in text and "den här datorn och" not in text
    assert not text.endswith("och den här datorn")


def test_recipients_and_this_computer_and_backup() -> None:
    assert who_can_open(["Kontoret", "Butiken"], "exchange") == (
        "Kontoret, Butiken och den här datorn"
    )
    assert who_can_open([], "backup") == "bara den här datorn"


def test_sizes_use_a_decimal_comma() -> None:
    assert megabytes(200_000) == "0,2 MB"
