"""Placeholder: the Statistik page comes in a later version."""

from __future__ import annotations

from .base import PlaceholderPageWidget


class StatisticsPageWidget(PlaceholderPageWidget):
    title = "Statistik"
    description = (
        "Här ska du se hur många deltagare som har haft placering, validerats och gått "
        "vidare, till exempel inför uppföljningen i juni och december, men den delen kommer "
        "i en senare version av appen."
    )
