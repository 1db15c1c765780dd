"""Who can open a written package, said truthfully (issue 13): age's passphrase mode
allows no other recipient, so a passphrase package opens with the passphrase only."""

from __future__ import annotations

PASSPHRASE = "lösenfras"


def who_can_open(recipients: list[str], profile: str) -> str:
    if profile == "backup" or not recipients:
        return "bara den här datorn"
    if PASSPHRASE in recipients:
        return "den som har lösenfrasen (även här behövs lösenfrasen)"
    return ", ".join(recipients) + " och den här datorn"


def megabytes(size: int) -> str:
    """Swedish decimal comma: 0,2 MB."""
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
