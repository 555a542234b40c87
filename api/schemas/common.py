"""Shared response pieces: the base model, pagination and list filters."""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")
MAX_PAGE_SIZE = 200


class ApiModel(BaseModel):
    """Frozen, closed models at the boundary."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Page(ApiModel, Generic[T]):
    """One page of a list."""

    items: list[T] = Field(title="条目")
    total: int = Field(title="总数", ge=0)
    page: int = Field(title="页码", ge=1)
    size: int = Field(title="每页条数", ge=1, le=MAX_PAGE_SIZE)


class Paging(ApiModel):
    page: int = 1
    size: int = 50

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    def cut(self, items: list[T]) -> Page[T]:
        """The requested page of an already filtered, ordered list."""
        return Page[T](
            items=items[self.offset : self.offset + self.size],
            total=len(items),
            page=self.page,
            size=self.size,
        )


def paging(
    page: Annotated[int, Query(title="页码", ge=1, le=100_000, examples=[1])] = 1,
    size: Annotated[
        int, Query(title="每页条数", ge=1, le=MAX_PAGE_SIZE, examples=[50])
    ] = 50,
) -> Paging:
    """Query parameters ``page`` (from 1) and ``size`` (at most 200)."""
    return Paging(page=page, size=size)


DistrictQuery = Annotated[
    str | None,
    Query(title="区县代码", description="6 位区县代码（或 9 位街镇代码）前缀过滤",
          pattern=r"^\d{2,9}$", examples=["310115"]),
]
PeriodQuery = Annotated[
    str | None,
    Query(title="期间", description="YYYY、YYYY-MM 或 YYYY-Qn（按受理日期过滤）",
          pattern=r"^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]))?$", examples=["2024-06"]),
]
StatusQuery = Annotated[
    str | None,
    Query(title="状态", max_length=32, examples=["received"]),
]


def in_period(day: str, period: str | None) -> bool:
    """Whether an ISO date lies in a period written YYYY, YYYY-MM or YYYY-Qn."""
    if not period:
        return True
    if "-Q" in period:
        year, quarter = period.split("-Q")
        return day[:4] == year and len(day) >= 7 and (int(day[5:7]) - 1) // 3 + 1 == int(quarter)
    return day.startswith(period)
