"""Interactive HTML views of the graph, written to build/views/ (see DESIGN.md, "Views").

>>> import kg, tempfile, pathlib
>>> from kg.views import write_views
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> written = write_views(kg.load(), out)
>>> (out / "index.html").is_file(), (out / "overview.html").is_file()
(True, True)
"""

from __future__ import annotations

from kg.views.write import view_sources, write_views

__all__ = ["view_sources", "write_views"]
