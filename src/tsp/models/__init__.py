"""The records of the register: authorities, packages, programme years and the data challenge's
counting rules (measures), one module each, with the parts they share (common, funding,
evidence).

The models are the one home of the schema: the JSON Schema for editors, the scaffolds of
`tsp new` and the field lists in the docs are all generated from them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tsp.lazy import exports

if TYPE_CHECKING:
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

# Each name is imported from its module when first used (PEP 562), so that importing one
# model's module (tsp.models.measure, say) does not build every other model's class too:
# a question about the SEND data challenge's figures never needs a package.
_EXPORTS = {
    "Authority": "tsp.models.authority", "AuthorityType": "tsp.models.authority",
    "FormerCode": "tsp.models.authority", "Reorganisation": "tsp.models.authority",
    "ProposedReorganisation": "tsp.models.authority",
    "PARTIAL_DATE_PATTERN": "tsp.models.common", "SLUG_PATTERN": "tsp.models.common",
    "YEAR_PATTERN": "tsp.models.common", "AuthorityRef": "tsp.models.common",
    "PackageRef": "tsp.models.common", "PartialDate": "tsp.models.common",
    "Record": "tsp.models.common", "Slug": "tsp.models.common", "Text": "tsp.models.common",
    "YearRef": "tsp.models.common", "_date_to_text": "tsp.models.common",
    "slugify": "tsp.models.common",
    "AREA_LABELS": "tsp.models.package", "LIFECYCLE": "tsp.models.package",
    "BEFORE_WORK": "tsp.models.package", "ReadField": "tsp.models.package",
    "Area": "tsp.models.package", "Kind": "tsp.models.package", "Package": "tsp.models.package",
    "Role": "tsp.models.package", "Status": "tsp.models.package",
    "StatusBasis": "tsp.models.package", "StatusChange": "tsp.models.package",
    "Evidence": "tsp.models.evidence", "EvidenceKind": "tsp.models.evidence",
    "SmeContribution": "tsp.models.evidence",
    "Funding": "tsp.models.funding", "FundingRules": "tsp.models.funding",
    "FundingStatus": "tsp.models.funding", "Money": "tsp.models.funding",
    "Event": "tsp.models.year", "PlanItem": "tsp.models.year", "PriorityGroup": "tsp.models.year",
    "ProgrammeYear": "tsp.models.year", "Quote": "tsp.models.year", "Source": "tsp.models.year",
    "Titled": "tsp.models.year",
}


__getattr__ = exports(__name__, _EXPORTS, globals())


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
