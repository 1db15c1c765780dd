"""Placeholder: the Kvalitetssäkring (internal quality assurance) page comes in a later version."""

from __future__ import annotations

from .base import PlaceholderPageWidget


class QualityPageWidget(PlaceholderPageWidget):
    title = "Kvalitetssäkring"
    description = (
        "Här ska den interna kvalitetssäkraren (IK) granska ett urval av bedömningarna, "
        "men den delen kommer i en senare version av appen."
    )
