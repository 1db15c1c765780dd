"""The signed payload a certificate's QR code carries:

    HA1|<certificate id>|<code>|<issued on>|<installation id>|<workplace id>|<sha256>|<signature>

(sha256 and signature in unpadded base64url).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from ..domain.errors import ValidationError

PAYLOAD_PREFIX = "HA1"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class Payload:
    certificate_id: str
    code: str
    issued_on: str
    installation_id: str
    workplace_id: str
    content_sha256: str
    signature: bytes

    @property
    def signed_text(self) -> str:
        return "|".join(
            [
                PAYLOAD_PREFIX,
                self.certificate_id,
                self.code,
                self.issued_on,
                self.installation_id,
                self.workplace_id,
                _b64(bytes.fromhex(self.content_sha256)),
            ]
        )

    @property
    def text(self) -> str:
        return f"{self.signed_text}|{_b64(self.signature)}"


def parse_payload(text: str) -> Payload:
    parts = text.strip().split("|")
    if len(parts) != 8 or parts[0] != PAYLOAD_PREFIX:
        raise ValidationError("QR-koden är inte ett intyg från Handledarappen.")
    try:
        digest = _unb64(parts[6])
        signature = _unb64(parts[7])
    except ValueError:
        raise ValidationError("QR-koden är skadad och kan inte läsas.") from None
    if len(digest) != 32:
        raise ValidationError("QR-koden är skadad och kan inte läsas.")
    return Payload(parts[1], parts[2], parts[3], parts[4], parts[5], digest.hex(), signature)
