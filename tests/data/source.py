"""What the source document says, as the checks of tests/data look for it: its own words
(a test checks they are verbatim in the document) and the authorities it names."""

from __future__ import annotations

from tests.helpers import SHARED

SOURCE = SHARED / "seeds" / "000_f65c54ed53bf791c.txt"

# "During 2025–26, the programme established a strong and credible presence across a number of
# local areas, including ..." ("Oxford" read as Oxfordshire).
AREAS_REACHED = {
    "brighton-and-hove",
    "buckinghamshire",
    "east-sussex",
    "hampshire",
    "kent",
    "medway",
    "milton-keynes",
    "oxfordshire",
    "portsmouth",
    "reading",
    "southampton",
    "surrey",
    "west-sussex",
    "wokingham",
}
# "Brighton and Hove, East Sussex, Medway and Milton Keynes all enabled staff to be SMEs"
SME_LENDERS = {"brighton-and-hove", "east-sussex", "medway", "milton-keynes"}

# (recipient, words of the source the package's title or summary carries)
NAMED_PACKAGES = [
    ("brighton-and-hove", "Safe Uncertainty Peer Case Review Workshop"),
    ("brighton-and-hove", "Leadership Coaching & Mentoring Programme"),
    ("brighton-and-hove", "Alternative Provision (AP), EOTAS & Section 19 Diagnostic"),
    ("brighton-and-hove", "interested in support on joint commissioning"),
    ("buckinghamshire", "SEND Assessment Throughput Review"),
    ("hampshire", "Joint Commissioning for SEND"),
    ("kent", "Co-delivery of SEND engagement workshops"),
    ("medway", "understanding of co-production, communication"),
    ("milton-keynes", "Diagnostic evaluation of Ordinarily Available Provision and SEND Support"),
    ("oxfordshire", "Annual Review quality and lived experience mapping"),
    ("reading", "Annual Review process mapping for internal SEND team"),
    ("reading", "Second workshop to map process including multi-agency partners"),
    ("reading", "Black and Global Majority (BGM) workforce"),
    ("surrey", "Hearing the Voice of Families"),
    ("surrey", "Stage 1 and 2 Complaints Procedure"),
    ("wokingham", "Mapping Ordinarily Available Provision (OAP)"),
]

QUOTE_PHRASES = [
    "hope that Bucks can take the same level of learning",
    "It has been a pleasure working with you and your colleagues",
    "a range of professionals who could talk about their input into the Annual Review process",
    "There was a high level of expertise that facilitated difficult conversations",
    "Bespoke and adapted to our needs as the topic [commissioning]",
    "difficult to get buy-in from, and SESLIP support made it happen",
    "It was very clear where the gaps are and what we need to do next",
    "It has helped me to see the process from start to finish",
    "mapping out Annual Review processes across the partnership",
]

LEARNING_THEMES = [
    "Diagnostic work creates momentum",
    "Process clarity matters",
    "Assurance must link to practice principles",
    "Some SEND and social care pressures are interconnected",
]
