"""The zhiqian-liability/1 answer: frozen pydantic models; JSON amounts in yuan.

``Answer.model_dump(mode="json")`` gives exactly the format of SCENARIO-FORMAT.md, plus two
documented additions: each finding's ``evidence`` (the chain from the owner to the employer,
each link with its kind) and the answer's ``regime`` and ``decided_on``.
The engine builds these with ``model_construct`` (its values are already checked).
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_serializer

FORMAT: Literal["zhiqian-liability/1"] = "zhiqian-liability/1"

Capacity = Literal[
    "DIRECT",
    "PAY",
    "PAY_THEN_RECOVER",
    "PAY_FIRST",
    "ADVANCE_CAPPED",
    "INVESTOR",
    "JOINT",
    "EMPLOYER_RESP",
    "DEPOSIT_DRAW",
    "GOV_ADVANCE",
]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


M = TypeVar("M", bound=BaseModel)


@cache
def _all_fields(cls: type[BaseModel]) -> set[str]:
    # Shared per class: the models are frozen, so pydantic never adds to this set.
    return set(cls.model_fields)


def build(cls: type[M], **values: Any) -> M:
    """An instance from values the engine already checked: every field given, no validation.

    ``model_construct`` costs ~10 µs per object (defaults, aliases); the engine makes dozens per
    answer and the latency budget is 100 µs, so it fills pydantic's instance slots directly.
    """
    obj = cls.__new__(cls)
    object.__setattr__(obj, "__dict__", values)
    object.__setattr__(obj, "__pydantic_fields_set__", _all_fields(cls))
    object.__setattr__(obj, "__pydantic_extra__", None)
    object.__setattr__(obj, "__pydantic_private__", None)
    return obj


class BasisModel(_Model):
    """A legal basis: law short title, article, optional paragraph."""

    law: str = Field(title="法律法规")
    article: int | str = Field(title="条")
    paragraph: int | None = Field(None, title="款")

    @model_serializer
    def _dump(self) -> dict[str, Any]:
        out: dict[str, Any] = {"law": self.law, "article": self.article}
        if self.paragraph is not None:
            out["paragraph"] = self.paragraph
        return out


class LinkModel(_Model):
    """One evidence step: ``kind`` is a contract kind, ``name_lending`` or ``dispatch``."""

    from_: str = Field(alias="from", serialization_alias="from", title="上游")
    to: str = Field(title="下游")
    kind: str = Field(title="关系")

    @model_serializer
    def _dump(self) -> dict[str, Any]:
        return {"from": self.from_, "to": self.to, "kind": self.kind}


class Finding(_Model):
    party: str = Field(title="责任主体")
    capacity: Capacity = Field(title="责任形式")
    worker_groups: tuple[str, ...] = Field(title="涉及班组")
    amount: float | None = Field(title="金额（元）")
    cap: float | None = Field(title="上限（元）")
    recourse_to: tuple[str, ...] = Field(title="追偿对象")
    basis: tuple[BasisModel, ...] = Field(title="依据")
    evidence: tuple[LinkModel, ...] = Field(title="证据链")
    explanation: str = Field(title="说明")


class CriminalReferral(_Model):
    party: str = Field(title="涉嫌主体")
    basis: tuple[BasisModel, ...] = Field(title="依据")
    conditions: tuple[str, ...] = Field(title="条件")


class Answer(_Model):
    format: Literal["zhiqian-liability/1"] = Field(FORMAT, title="格式")
    scenario: str = Field(title="案例/案件")
    regime: str = Field(title="适用规则版本")
    decided_on: date = Field(title="决定日期")
    findings: tuple[Finding, ...] = Field(title="责任认定")
    criminal_referral: tuple[CriminalReferral, ...] = Field(title="刑事移送审查对象")
    enforcement_order: tuple[str, ...] = Field(title="建议追责顺序")
    warnings: tuple[str, ...] = Field(title="提示")

    def model_dump_format(self) -> dict[str, Any]:
        """The JSON object of zhiqian-liability/1 (same as ``model_dump(mode="json")``)."""
        return self.model_dump(mode="json")
