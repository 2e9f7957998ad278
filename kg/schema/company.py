"""Companies, under their full legal names."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from kg.schema.base import Product, Record

__all__ = ["Company"]


class Company(Record):
    """A company (杭州士兰微电子股份有限公司), short forms as aliases (士兰微, 杭州士兰微)."""

    type: ClassVar[str] = "company"

    listed: bool | None = None
    """Whether its shares trade on an exchange; stock codes go in ``ids.stock``."""
    products: list[Product] = Field(default_factory=list)
    """Product lines as the source names them (油烟机, 洗碗机); named products are projects."""
