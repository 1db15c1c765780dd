"""The inviting laptop's rules for a join proof (issue 11 item 1).

The joining laptop checks the expiry date when it joins, by its own clock; the inviting
laptop checks again when the proof arrives, which may be weeks later (a USB stick goes
round once a week). What counts is when the laptop *joined*: the proof carries that time,
bound to the invitation secret by its HMAC, so only the holder of the invitation (file
and code) can state it. The time is held to the remote-clock rule
(domain/clock.MAX_FUTURE_MS): not more than a day ahead of this laptop's clock, and not
more than a day before the invitation was made (a laptop whose clock is that wrong
cannot say when it joined).

An invitation is used once: a proof from a second installation is refused, naming it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..domain.clock import MAX_FUTURE_MS
from ..domain.errors import UserError

_SLACK = dt.timedelta(milliseconds=MAX_FUTURE_MS)
_NOTHING = "Inget i paketet har lästs in."


def _parse(text: str) -> dt.datetime | None:
    try:
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def check_join(record: dict[str, Any], joined_text: str, laptop: str, now: dt.datetime) -> None:
    """Raise UserError (Swedish, naming the laptop) unless the proof may be accepted.

    `record`: the invitation as stored here (expires_at, issued_at, used_by …);
    `joined_text`: the join time the proof carries ("" for a proof of the first
    version, which carries none: then it counts as joining now)."""
    if record.get("used_by") is not None:
        other = str(record.get("used_by_name") or "en annan dator")
        raise UserError(
            f"Paketet från {laptop} läses inte in: datorn anslöt med en inbjudan som "
            f"redan är använd av {other}. En inbjudan gäller en dator. Gör en ny inbjudan "
            f"under Inställningar och anslut {laptop} med den. {_NOTHING}"
        )
    expires = _parse(str(record.get("expires_at", "")))
    joined = _parse(joined_text) if joined_text else now
    if expires is None or joined is None:
        raise UserError(
            f"Paketet från {laptop} läses inte in: datorns inbjudan går inte att tolka. "
            f"Gör en ny inbjudan. {_NOTHING}"
        )
    issued = _parse(str(record.get("issued_at", "")))
    if joined > now + _SLACK or (issued is not None and joined < issued - _SLACK):
        raise UserError(
            f"Paketet från {laptop} läses inte in: datorn säger att den anslöt "
            f"{joined.date().isoformat()}, vilket inte kan stämma (inbjudan gjordes "
            f"{(issued or now).date().isoformat()}). Datorns klocka gick nog fel när den "
            f"anslöt. Rätta klockan, gör en ny inbjudan och anslut datorn igen. {_NOTHING}"
        )
    if joined > expires:
        raise UserError(
            f"Paketet från {laptop} läses inte in: datorn anslöt {joined.date().isoformat()} "
            f"med en inbjudan som gick ut {expires.date().isoformat()}. Gör en ny inbjudan "
            f"under Inställningar och anslut datorn med den. {_NOTHING}"
        )
