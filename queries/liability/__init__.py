"""Liability engine: who pays the workers, in what capacity, on which article, along which chain.

One engine (:func:`evaluate`) over one facts object; the facts come from a scenario file
(:func:`load_scenario`) or from the graph (:func:`liability_for_case`,
:func:`liability_for_worker`, :func:`liability_for_project`). See docs/liability.md.
"""

from __future__ import annotations

from queries.liability.answer import Answer, CriminalReferral, Finding
from queries.liability.engine import evaluate
from queries.liability.facts import Facts
from queries.liability.graph_route import (
    facts_from_graph,
    liability_for_case,
    liability_for_project,
    liability_for_worker,
)
from queries.liability.scenario import facts_to_scenario, load_scenario

__all__ = [
    "Answer",
    "CriminalReferral",
    "Facts",
    "Finding",
    "evaluate",
    "facts_from_graph",
    "facts_to_scenario",
    "liability_for_case",
    "liability_for_project",
    "liability_for_worker",
    "load_scenario",
]
