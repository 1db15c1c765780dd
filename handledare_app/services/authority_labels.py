"""Swedish names of the records services/authority.py refuses to let a package change."""

from __future__ import annotations

# Singular Swedish names for messages ("… ändra <name>").
SINGULAR: dict[str, str] = {
    "workplace": "arbetsplatsen",
    "installation": "installationen",
    "supervisor": "handledaren",
    "participant": "deltagaren",
    "placement": "en placering",
    "introduction_item": "en introduktionspunkt",
    "work_plan": "en arbetsplan",
    "follow_up": "en uppföljning",
    "enrollment": "en modul i en arbetsplan",
    "evidence": "ett bevis",
    "attachment": "en bilaga",
    "evidence_criterion": "en koppling mellan bevis och kriterium",
    "assessment": "en bedömning",
    "signoff": "en signering",
    "certificate": "ett intyg",
    "signoff_reopening": "en återöppning av en signering",
    "qa_review": "en kvalitetsgranskning",
    "certificate_revocation": "en återkallelse av ett intyg",
    "tombstone": "en borttagning",
    "erasure": "en radering av en deltagare",
}
