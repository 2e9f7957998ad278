"""Interactive HTML views of the graph, written to build/views/ (see DESIGN.md, "Views").

>>> import kg
>>> from pathlib import Path
>>> from kg.views import write_views
>>> written = write_views(kg.load(), Path("build/views"))  # doctest: +SKIP
>>> written[0]  # doctest: +SKIP
PosixPath('build/views/index.html')
"""

from __future__ import annotations

from kg.views.write import view_sources, write_views

__all__ = ["view_sources", "write_views"]
