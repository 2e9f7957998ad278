"""The source registry, seeds/sources.yaml: articles with text, and reference sources."""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from kg.schema.base import Model, PartialDate, Slug, Text

__all__ = ["Source"]


class Source(Model):
    """A document facts are taken from."""

    id: Slug
    """Id that citations use."""
    kind: Literal["article", "reference"]
    """``article``: a text file in seeds/, quotes verified. ``reference``: an outside list or
    register (code lists, exchanges) cited by URL; its facts are not quote-verified."""
    title: Text
    """Title as published."""
    title_en: Text | None = None
    """English title."""
    publisher: Text | None = None
    """Who published it."""
    date: PartialDate | None = None
    """Publication date, as stated or inferred."""
    date_note: Text | None = None
    """How the date was established when it is not printed in the source."""
    file: str | None = None
    """Text file name in seeds/ (articles)."""
    url: str | None = None
    """Where to read it (required for references)."""
    script: Literal["Simplified", "Traditional"] | None = None
    """Chinese script of the text."""
    encoding: Literal["utf-8", "gb18030"] | None = None
    """Encoding of the file."""
    note: Text | None = None
    """Anything a reader of the source should know (annotations, boilerplate, damage)."""

    @model_validator(mode="after")
    def _kind_fields(self) -> Source:
        if self.kind == "article" and not self.file:
            raise PydanticCustomError("KG401", "an article source needs a file", {})
        if self.kind == "reference" and not self.url:
            raise PydanticCustomError("KG401", "a reference source needs a url", {})
        return self
