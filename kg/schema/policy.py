"""Policies, plans, programmes, funds, vouchers, named actions and cluster frameworks."""

from __future__ import annotations

from typing import ClassVar, Literal

from kg.schema.base import Record

__all__ = ["Policy"]


class Policy(Record):
    """A policy instrument (《发展服务型制造专项行动指南》, “五券齐飞”, "3+2+X" 先进制造业集群).

    Its issuer is an ``issued_by`` relation, its date a ``dates`` entry with event ``issued``,
    its money an indicator; a framework ``targets`` each industry it names, with the tier.
    """

    type: ClassVar[str] = "policy"

    kind: Literal[
        "plan",
        "guideline",
        "opinion",
        "programme",
        "action",
        "measure",
        "voucher",
        "fund",
        "framework",
        "mechanism",
        "list",
        "designation",
        "strategy",
        "other",
    ]
    """What sort of instrument it is."""
