"""Swedish texts for argparse's own messages (usage, errors, help headings), and the
error for argument combinations argparse cannot check (exit 2 like argparse's own)."""

from __future__ import annotations

import argparse

from .domain.errors import UserError


class UsageError(UserError):
    """Wrong combination of arguments (exit 2)."""


_SV = {
    "usage: ": "användning: ",
    "positional arguments": "argument",
    "options": "flaggor",
    "show this help message and exit": "visa den här hjälpen och avsluta",
    "show program's version number and exit": "visa programmets version och avsluta",
    "the following arguments are required: %s": "följande argument saknas: %s",
    "unrecognized arguments: %s": "okända argument: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ogiltigt val: %(value)r (välj bland %(choices)s)",
    "expected one argument": "ett värde väntades",
    "argument %(argument_name)s: %(message)s": "argumentet %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "ogiltigt värde: %(value)r",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fel: %(message)s\n",
    "ambiguous option: %(option)s could match %(matches)s": "tvetydig flagga: %(option)s kan betyda %(matches)s",
    "subcommands": "underkommandon",
    "not allowed with argument %s": "kan inte kombineras med argumentet %s",
    "ignored explicit argument %r": "tar inget värde (fick %r)",
    "one of the arguments %s is required": "ett av argumenten %s behövs",
    "expected at most one argument": "högst ett värde väntades",
    "expected at least one argument": "minst ett värde väntades",
    "expected %s argument": "%s värde väntades",
    "expected %s arguments": "%s värden väntades",
    "can't open '%(filename)s': %(error)s": "kan inte öppna ”%(filename)s”: %(error)s",
    "unexpected option string: %s": "oväntad flagga: %s",
}


def install() -> None:
    original = argparse._  # type: ignore[attr-defined]
    original_n = argparse.ngettext  # type: ignore[attr-defined]

    def translate(text: str) -> str:
        # argparse also asks for None (a missing description); that must stay None.
        sv = _SV.get(text)
        return sv if sv is not None else original(text)

    def translate_n(singular: str, plural: str, n: int) -> str:
        return (
            translate(singular if n == 1 else plural)
            if singular in _SV
            else original_n(singular, plural, n)
        )

    argparse._ = translate  # type: ignore[attr-defined]
    argparse.ngettext = translate_n  # type: ignore[attr-defined]
