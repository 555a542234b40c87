"""Moving a whole graph: copy one store into another over the protocol (``push --to neo4j``),
and write the CSV files of ``neo4j-admin database import full`` (``export neo4j-admin DIR``).

Both read the source through :class:`GraphStore` only, so they work from any backend.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from graph.enums import NODE_KEYS, Label, RelType
from graph.errors import InvalidValue
from graph.store.protocol import GraphStore
from graph.store.records import NodeRecord, RelRecord

ARRAY_DELIMITER = ";"
Progress = Callable[[str, int], None]
"""Called with a label or type name and how many rows were just written."""
T = TypeVar("T")


# ---------------------------------------------------------------- copy over the protocol
@dataclass(frozen=True, slots=True)
class CopyReport:
    """Rows written per label / type, and relationship rows skipped (missing end)."""

    written: Mapping[str, int]
    skipped: int


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def copy_store(
    source: GraphStore, target: GraphStore, batch_size: int, progress: Progress | None = None
) -> CopyReport:
    """Upsert every node, then every relationship, of ``source`` into ``target`` in batches.
    Idempotent: copying twice changes nothing in the target."""
    written: dict[str, int] = {}
    skipped = 0
    for label in Label:
        for batch in _batches(source.nodes(label), batch_size):
            target.upsert_nodes(label, [dict(n.props) for n in batch])
            written[label.value] = written.get(label.value, 0) + len(batch)
            if progress:
                progress(label.value, len(batch))
    for rel_type in RelType:
        for rels in _batches(source.relationships(rel_type), batch_size):
            result = target.upsert_relationships(rel_type, rels)
            written[rel_type.value] = written.get(rel_type.value, 0) + result.written
            skipped += result.skipped
            if progress:
                progress(rel_type.value, len(rels))
    return CopyReport(written, skipped)


# ---------------------------------------------------------------- neo4j-admin CSV
def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, list | tuple):
        kinds = {_kind(v) for v in value}
        return (kinds.pop() if len(kinds) == 1 else "string") + "[]"
    return "string"


def column_types(rows: Iterable[Mapping[str, Any]], skip: Iterable[str] = ()) -> dict[str, str]:
    """Each property's neo4j-admin type over all rows (``string`` when values disagree)."""
    out: dict[str, str] = {}
    skipped = set(skip)
    for row in rows:
        for name, value in row.items():
            if name in skipped or value is None:
                continue
            kind = _kind(value)
            previous = out.setdefault(name, kind)
            if previous != kind:
                both_lists = previous.endswith("[]") and kind.endswith("[]")
                out[name] = "string[]" if both_lists else "string"
    return dict(sorted(out.items()))


def _header(name: str, kind: str) -> str:
    return name if kind == "string" else f"{name}:{kind}"


def _cell(value: Any, where: str) -> str | None:
    """The text of one value; ``None`` (written unquoted and empty) for no property."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        parts = [str(_cell(v, where)) for v in value if v is not None]
        if any(ARRAY_DELIMITER in p for p in parts):
            raise InvalidValue(where, ARRAY_DELIMITER, "appears inside a list value")
        return ARRAY_DELIMITER.join(parts)
    return str(value)


@dataclass
class AdminExport:
    """The files written for neo4j-admin: node and relationship (header, data) pairs."""

    directory: Path
    nodes: list[tuple[str, str]] = field(default_factory=list)
    relationships: list[tuple[str, str]] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)

    def command(self, database: str = "neo4j", mount: str | None = None) -> str:
        """The exact ``neo4j-admin database import full`` command for these files; ``mount`` is
        the directory as neo4j-admin sees it (e.g. ``/import`` in the container)."""
        base = mount.rstrip("/") if mount else str(self.directory)
        args = [
            "--overwrite-destination=true",
            f"--array-delimiter={ARRAY_DELIMITER}",
            "--multiline-fields=true",
        ]
        args += [f"--nodes={base}/{h},{base}/{d}" for h, d in self.nodes]
        args += [f"--relationships={base}/{h},{base}/{d}" for h, d in self.relationships]
        lines = ["neo4j-admin database import full", *map(shlex.quote, [*args, database])]
        return " \\\n  ".join(lines)


def _line(cells: Sequence[str | None]) -> str:
    """One CSV line: text always quoted (so "" stays an empty string), no value left empty."""
    return ",".join("" if c is None else '"' + c.replace('"', '""') + '"' for c in cells) + "\n"


def _write_pair(
    directory: Path, stem: str, header: Sequence[str], rows: Iterable[Sequence[str | None]]
) -> tuple[tuple[str, str], int]:
    head, data = f"{stem}-header.csv", f"{stem}.csv"
    (directory / head).write_text(",".join(header) + "\n", encoding="utf-8")
    count = 0
    with (directory / data).open("w", encoding="utf-8", newline="") as fh:
        for row in rows:
            fh.write(_line(row))
            count += 1
    return (head, data), count


def _node_files(out: AdminExport, label: Label, nodes: list[NodeRecord]) -> None:
    key = NODE_KEYS[label]
    types = column_types((n.props for n in nodes), skip=(key,))
    header = [f"{key}:ID({label.value})", ":LABEL", *(_header(p, t) for p, t in types.items())]
    rows = (
        [n.ref.key, label.value, *(_cell(n.get(p), f"{n.ref}.{p}") for p in types)] for n in nodes
    )
    pair, count = _write_pair(out.directory, label.value, header, rows)
    out.nodes.append(pair)
    out.rows[label.value] = count


def _rel_files(out: AdminExport, rel_type: RelType, rels: list[RelRecord]) -> None:
    groups: dict[tuple[str, str], list[RelRecord]] = {}
    for rel in rels:
        groups.setdefault((rel.src.label.value, rel.dst.label.value), []).append(rel)
    for (src, dst), group in sorted(groups.items()):
        types = column_types((r.props for r in group), skip=("key",))
        header = [
            f":START_ID({src})",
            f":END_ID({dst})",
            ":TYPE",
            "key",
            *(_header(p, t) for p, t in types.items()),
        ]
        rows = (
            [
                r.src.key,
                r.dst.key,
                rel_type.value,
                r.key,
                *(_cell(r.get(p), f"{rel_type.value}.{p}") for p in types),
            ]
            for r in group
        )
        pair, count = _write_pair(out.directory, f"{rel_type.value}-{src}-{dst}", header, rows)
        out.relationships.append(pair)
        out.rows[rel_type.value] = out.rows.get(rel_type.value, 0) + count


def export_neo4j_admin(source: GraphStore, directory: Path) -> AdminExport:
    """Write per-label node files and per-(type, start label, end label) relationship files,
    each a ``-header.csv`` and a data ``.csv`` (UTF-8). Labels or types without data get none.
    Each label's natural key is its ID column and ID space, so ends match by key."""
    directory.mkdir(parents=True, exist_ok=True)
    out = AdminExport(directory)
    for label in Label:
        nodes = list(source.nodes(label))
        if nodes:
            _node_files(out, label, nodes)
    for rel_type in RelType:
        rels = list(source.relationships(rel_type))
        if rels:
            _rel_files(out, rel_type, rels)
    return out
