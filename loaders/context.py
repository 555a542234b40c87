"""What a load remembers across rows and files: the keys other rows refer to.

Projects, cases and agencies are referred to by later sources and must exist; the
employment of a worker on a project (from the roster) is what wage lines aggregate into.
Each is read from the store once, on first use, and then kept up to date by the rows of
the load, so a validation pass that writes nothing (``--strict``) sees the same world as
the writing pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graph.enums import Label, RelType
from graph.privacy import Pseudonymiser, protect_phone, protect_resident_id
from graph.store.protocol import GraphStore
from loaders.cells import CellOptions

_PARTY_CACHE = 100_000
_RECENT = 4_096


@dataclass(slots=True)
class Employment:
    """A worker's EMPLOYED_BY edge on one project, with the monthly wage lines seen so far."""

    employer: tuple[str, str]
    """(label value, key) of the employer (see :mod:`loaders.plain`)."""
    months: dict[str, tuple[int, int]] = field(default_factory=dict)
    last_paid_on: str | None = None
    position: str | None = None

    def edge_props(self, project: str) -> dict[str, Any]:
        """The edge's properties: the roster's position and, once wage lines are known, the
        wage figures derived from the per-month map (order-independent)."""
        props: dict[str, Any] = {"project": project}
        if self.position is not None:
            props["position"] = self.position
        if not self.months:
            return props
        due = paid = owed = 0
        lines = []
        for month, (month_due, month_paid) in sorted(self.months.items()):
            lines.append(f"{month}:{month_due}:{month_paid}")
            due += month_due
            paid += month_paid
            owed += month_paid < month_due
        props.update(wage_months=lines, wages_due=due, wages_paid=paid, months_owed=owed)
        if self.last_paid_on:
            props["last_paid_on"] = self.last_paid_on
        return props


def parse_wage_months(values: Any) -> dict[str, tuple[int, int]]:
    """The per-month map back from a stored ``wage_months`` list ('YYYY-MM:due:paid')."""
    months: dict[str, tuple[int, int]] = {}
    for item in values or ():
        month, due, paid = str(item).split(":")
        months[month] = (int(due), int(paid))
    return months


class LoadContext:
    """Keys known to exist (in the store or created by earlier rows of this load)."""

    def __init__(self, store: GraphStore, pseudonymiser: Pseudonymiser, options: CellOptions):
        self.store = store
        self.pseudonymiser = pseudonymiser
        self.options = options
        self._projects: dict[str, str | None] | None = None
        self._keys: dict[Label, set[str]] = {}
        self._employment: dict[tuple[str, str], Employment] | None = None
        self.areas_written: set[str] = set()
        self._parties: dict[str, dict[str, Any]] = {}
        self._pids: dict[str, str] = {}
        self.employment_changed: set[tuple[str, str]] = set()
        """(pid, project) of employments (roster rows, wage lines) not yet written: their
        EMPLOYED_BY edges are written once, after the last roster or wage file of a load."""

    # ---- projects (code → area)
    @property
    def projects(self) -> dict[str, str | None]:
        if self._projects is None:
            self._projects = {n.ref.key: n.get("area") for n in self.store.nodes(Label.PROJECT)}
        return self._projects

    # ---- cases, agencies
    def keys(self, label: Label) -> set[str]:
        """Keys of ``label`` known so far (read from the store on first use)."""
        if label not in self._keys:
            self._keys[label] = {n.ref.key for n in self.store.nodes(label)}
        return self._keys[label]

    # ---- employment of workers on projects
    @property
    def employment(self) -> dict[tuple[str, str], Employment]:
        """(worker pid, project) → Employment, seeded from the stored EMPLOYED_BY edges."""
        if self._employment is None:
            self._employment = {}
            stored = self.store.relationship_values(
                RelType.EMPLOYED_BY, ("wage_months", "last_paid_on")
            )
            for _sl, pid, dl, dk, project, (months, last_paid_on) in stored:
                self._employment[(pid, project)] = Employment(
                    (dl, dk), parse_wage_months(months), last_paid_on
                )
        return self._employment

    # ---- personal identifiers
    def pid(self, resident_id: str) -> str:
        """The Person key of a resident id. Payroll files repeat a worker on consecutive
        lines, so the last few thousand are remembered (and then forgotten)."""
        pid = self._pids.get(resident_id)
        if pid is None:
            if len(self._pids) >= _RECENT:
                self._pids.clear()
            pid = self._pids[resident_id] = self.pseudonymiser.person_key(resident_id)
        return pid

    def party_props(self, resident_id: str, name: str | None) -> dict[str, Any]:
        """:meth:`person_props` for people named as parties (foremen, contractors) who
        recur on many rows: hashed once per load (a bounded cache)."""
        props = self._parties.get(resident_id)
        if props is None:
            props = self.person_props(resident_id, None)
            if len(self._parties) < _PARTY_CACHE:
                self._parties[resident_id] = props
        return {**props, "name": name} if name else dict(props)

    def person_props(
        self, resident_id: str, name: str | None, phone: str | None = None
    ) -> dict[str, Any]:
        """A Person's stored properties: keyed hash, mask and origin; the phone hashed too."""
        protected = protect_resident_id(self.pseudonymiser, resident_id)
        props: dict[str, Any] = {
            "pid": protected.pid,
            "id_masked": protected.masked,
            "origin_area": protected.origin_area,
        }
        if name:
            props["name"] = name
        if phone:
            props["phone_hash"], props["phone_masked"] = protect_phone(self.pseudonymiser, phone)
        return props
