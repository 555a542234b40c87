"""The seeded synthetic city: the same input files agencies hand over, made up, for demos,
tests and benchmarks. See docs/synthetic-data.md."""

from loaders.synthetic.city import GeneratedCity, generate
from loaders.synthetic.params import REFERENCE_DATE, SCALES

__all__ = ["REFERENCE_DATE", "SCALES", "GeneratedCity", "generate"]
