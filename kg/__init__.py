"""hzkg: a knowledge graph of the Hangzhou metro-area industrial economy.

>>> import kg
>>> g = kg.load()          # the curation of this checkout
>>> g.get("xiaoshan").name_en
'Xiaoshan District'
"""

from __future__ import annotations

# The submodule kg.load (reading curation files) is imported first, so that binding the
# function below is final: a later `from kg.load import ...` finds the module already loaded
# and leaves the package attribute `kg.load` pointing at the function.
import kg.load as _load_module  # noqa: F401
from kg.errors import CurationError, KGError, QueryError, UnknownEntity
from kg.query import KnowledgeGraph
from kg.query import load as load

__all__ = ["CurationError", "KGError", "KnowledgeGraph", "QueryError", "UnknownEntity", "load"]
__version__ = "0.1.0"
