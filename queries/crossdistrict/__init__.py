"""Cross-district arrears: defaulters whose open arrears span districts, entity resolution of
enterprises, coordination groups and who coordinates them (see docs/cross-district.md)."""

from __future__ import annotations

from queries.crossdistrict.detect import Detection, analyse, build_graph, detect, detect_in_store
from queries.crossdistrict.evaluate import evaluate_against_truth
from queries.crossdistrict.export import to_xlsx
from queries.crossdistrict.facts import fetch_inputs
from queries.crossdistrict.inputs import (
    AgencyFact,
    CaseFact,
    DetectionInputs,
    EnterpriseFact,
    TieFact,
)
from queries.crossdistrict.models import Group, Match, MatchDecision, Policy
from queries.crossdistrict.record import record_group
from queries.crossdistrict.resolution import Resolution, confirm_match, reject_match, resolve

__all__ = [
    "AgencyFact",
    "CaseFact",
    "Detection",
    "DetectionInputs",
    "EnterpriseFact",
    "Group",
    "Match",
    "MatchDecision",
    "Policy",
    "Resolution",
    "TieFact",
    "analyse",
    "build_graph",
    "confirm_match",
    "detect",
    "detect_in_store",
    "evaluate_against_truth",
    "fetch_inputs",
    "record_group",
    "reject_match",
    "resolve",
    "to_xlsx",
]
