"""Names and number forms shared by the export formats.

>>> class_name("industry_chain"), rel_type("part_of"), edge_id("a", "supplies#2", "b")
('IndustryChain', 'PART_OF', 'a:supplies:2:b')
>>> decimal_text(2.66 * 10000), decimal_text(1e20), decimal_text(7)
('26600.0', '100000000000000000000.0', '7.0')
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

__all__ = ["class_name", "decimal_text", "edge_id", "rel_type"]


@cache  # a few record types, asked for by every record of every export
def class_name(record_type: str) -> str:
    """A record type as a class or node label: ``port_route`` → ``PortRoute``."""
    return "".join(part.capitalize() for part in record_type.split("_"))


@cache
def rel_type(rel: str) -> str:
    """A predicate as a relationship type, the way Neo4j spells them: ``part_of`` → ``PART_OF``."""
    return rel.upper()


def edge_id(source: str, key: str, target: str) -> str:
    """A stable id for one edge, usable as an XML token or IRI segment: ``a:supplies:b``."""
    return f"{source}:{key.replace('#', ':')}:{target}"


def decimal_text(value: float) -> str:
    """A number in plain decimal notation, no exponent, at least one digit after the point.

    Cypher and Turtle decimals both read this form; unit scaling noise is rounded off at 15
    significant digits.
    """
    text = f"{float(value):.15g}"
    if "e" in text or "n" in text:  # an exponent, inf or nan; plain digits are already decimal
        text = format(Decimal(text), "f")
    return text if "." in text else f"{text}.0"
