"""The records of the register: authorities, packages, programme years and the data challenge's
counting rules (measures), one module each, with the parts they share (common, funding,
evidence).

The models are the one home of the schema: the JSON Schema for editors, the scaffolds of
`tsp new` and the field lists in the docs are all generated from them.
"""

from __future__ import annotations

# Importing a model's module defines its class; Pydantic builds its validator only when a file
# first needs validating (defer_build, tsp.models.common.Record), so importing every model
# here costs little.
from tsp.models.authority import (
    Authority,
    AuthorityType,
    FormerCode,
    ProposedReorganisation,
    Reorganisation,
)
from tsp.models.common import (
    PARTIAL_DATE_PATTERN,
    SLUG_PATTERN,
    YEAR_PATTERN,
    AuthorityRef,
    PackageRef,
    PartialDate,
    Record,
    Slug,
    Text,
    YearRef,
    _date_to_text,
    slugify,
)
from tsp.models.package import (
    AREA_LABELS,
    BEFORE_WORK,
    LIFECYCLE,
    Area,
    Kind,
    Package,
    ReadField,
    Role,
    Status,
    StatusBasis,
    StatusChange,
)
from tsp.models.evidence import Evidence, EvidenceKind, SmeContribution
from tsp.models.funding import Funding, FundingRules, FundingStatus, Money
from tsp.models.year import (
    Event,
    PlanItem,
    PriorityGroup,
    ProgrammeYear,
    Quote,
    Source,
    Titled,
)

__all__ = [
    "AREA_LABELS", "BEFORE_WORK", "LIFECYCLE", "ReadField", "PARTIAL_DATE_PATTERN", "SLUG_PATTERN", "YEAR_PATTERN",
    "Area", "Authority", "AuthorityRef", "AuthorityType", "Event", "Evidence", "EvidenceKind",
    "FormerCode", "Funding", "FundingRules", "FundingStatus", "Kind", "Money", "PlanItem",
    "SmeContribution",
    "Package", "PackageRef", "PartialDate", "PriorityGroup", "ProgrammeYear",
    "ProposedReorganisation", "Quote", "Record",
    "Reorganisation", "Role", "Slug", "Source", "Status", "StatusBasis", "StatusChange", "Text", "Titled",
    "YearRef", "_date_to_text", "slugify",
]
