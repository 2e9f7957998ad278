"""`kg export` and `kg build` as a user runs them: files, stdout, exit codes, messages, bytes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg
from benchmarks.treegen import generate, write_tree
from kg.cli import main
from kg.errors import ExportError
from kg.export import FORMATS, export_files, write_all
from kg.treecheck import check_tree

from .conftest import TREE


def kg_cli(*args: str) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout_bytes, result.stderr


def build_files(root: Path, out: Path, seed: str) -> dict[str, bytes]:
    """Run `kg build` in a fresh interpreter with this hash seed; every file it wrote."""
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [str(Path(sys.executable).parent / "kg"), "build", "--root", str(root), "--out", str(out)],
        check=True,
        env=env,
        capture_output=True,
        text=True,
    )
    files = {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    # The process ends without freeing the graph: everything it says it wrote is there, complete.
    said = done.stderr.splitlines()
    assert said[-1].startswith("kg build: ") and said[-1].endswith(" relations")
    wrote = [Path(line.removeprefix("wrote ")) for line in said if line.startswith(f"wrote {out}")]
    assert wrote and all(p.is_file() for p in wrote)
    return files


def test_build_writes_every_format_with_the_same_bytes_every_time(odd_tree: Path, tmp_path: Path) -> None:
    first = build_files(odd_tree, tmp_path / "a", "1")
    second = build_files(odd_tree, tmp_path / "b", "2")
    assert "views/index.html" in first  # the views are checked in test_views.py
    assert sorted(name for name in first if not name.startswith("views/")) == [
        "csv/citations.csv",
        "csv/entities.csv",
        "csv/indicators.csv",
        "csv/relations.csv",
        "csv/sources.csv",
        "graph.cypher",
        "graph.gexf",
        "graph.graphml",
        "graph.json",
        "graph.ttl",
        "neo4j/import.sh",
        "neo4j/indicator_links.csv",
        "neo4j/indicators.csv",
        "neo4j/nodes.csv",
        "neo4j/relationships.csv",
    ]
    assert [name for name in first if first[name] != second[name]] == []
    # … and the same files, byte for byte, as this process writes (the `kg` process ends early).
    write_all(kg.load(odd_tree), tmp_path / "here")
    here = {
        str(p.relative_to(tmp_path / "here")): p.read_bytes()
        for p in (tmp_path / "here").rglob("*")
        if p.is_file()
    }
    assert here == {name: data for name, data in first.items() if not name.startswith("views/")}


def test_export_one_file_format_to_stdout_and_to_a_file(tmp_path: Path) -> None:
    code, out, err = kg_cli("export", "--root", str(TREE), "--format", "json")
    assert (code, err) == (0, "")
    assert json.loads(out)["graph"]["schema_version"] == "1.0"
    target = tmp_path / "out" / "hzkg.gexf"
    code, out, err = kg_cli("export", "--root", str(TREE), "--format", "gexf", "-o", str(target))
    assert (code, out, err) == (0, b"", f"wrote {target}\n")
    assert target.read_bytes() == export_files(kg.load(TREE), "gexf")["graph.gexf"]
    assert [p.name for p in target.parent.iterdir()] == ["hzkg.gexf"]  # no temporary file left behind


def test_export_folder_format_needs_a_folder(tmp_path: Path) -> None:
    code, out, err = kg_cli("export", "--root", str(TREE), "--format", "neo4j-csv")
    assert (code, out) == (2, b"")
    assert (
        "Error: the neo4j-csv export is a folder of files; give one with -o, such as -o build/neo4j-csv"
        in err
    )
    code, _, err = kg_cli("export", "--root", str(TREE), "--format", "csv", "-o", str(tmp_path / "sheets"))
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "sheets").iterdir()) == [
        "citations.csv",
        "entities.csv",
        "indicators.csv",
        "relations.csv",
        "sources.csv",
    ]
    (tmp_path / "file.csv").write_text("x", encoding="utf-8")
    code, _, err = kg_cli("export", "--root", str(TREE), "--format", "csv", "-o", str(tmp_path / "file.csv"))
    assert code == 2
    assert f"Error: {tmp_path / 'file.csv'} is a file; the csv export is a folder of files" in err


def test_export_unknown_format_is_a_usage_error() -> None:
    code, _, err = kg_cli("export", "--root", str(TREE), "--format", "dot")
    assert code == 2
    assert "Invalid value for '--format': 'dot' is not one of 'json', 'graphml', 'gexf'," in err
    with pytest.raises(kg.KGError, match="unknown export format 'dot'; known: json, graphml, gexf"):
        export_files(kg.load(TREE), "dot")


def test_a_control_character_xml_cannot_carry_is_reported_not_dropped(tree: Path) -> None:
    path = tree / "curation/district/zhejiang.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("name_en: Zhejiang Province", 'name_en: "Zhejiang\\x01"'),
        encoding="utf-8",
    )
    code, out, err = kg_cli("export", "--root", str(tree), "--format", "graphml")
    assert (code, out) == (1, b"")
    assert err == (
        "kg export: record 'zhejiang': name_en holds the character U+0001, which GraphML and GEXF "
        "cannot carry: 'Zhejiang\\x01' (remove it from the curation file)\n"
    )
    # Formats that can spell it do: Turtle escapes it, JSON too.
    assert b'"Zhejiang\\u0001"@en' in export_files(kg.load(tree), "turtle")["graph.ttl"]


def test_an_error_in_the_helper_process_stops_the_build_with_its_message(
    tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tree / "curation/district/zhejiang.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("name_en: Zhejiang Province", 'name_en: "Z\\x01"')
    )
    monkeypatch.setattr("kg.export.SPLIT_FROM", 0)  # GraphML is written by the helper process
    with pytest.raises(ExportError, match=r"record 'zhejiang': name_en holds the character U\+0001"):
        write_all(kg.load(tree), tmp_path / "build", jobs=2)
    assert (tmp_path / "build/graph.ttl").exists()  # what this process writes is still written


def test_array_delimiter_falls_back_and_fails_loudly_when_none_is_free(odd_tree: Path) -> None:
    graph = kg.load(odd_tree)
    assert b"--array-delimiter=U+00A6" in export_files(graph, "neo4j-csv")["import.sh"]
    path = odd_tree / "curation/company/odd-chars.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('"@at-sign"', '"¦broken bar"'), encoding="utf-8")
    with pytest.raises(ExportError, match=r"every array delimiter neo4j-admin could use \(; \| ¦\) occurs"):
        export_files(kg.load(odd_tree), "neo4j-csv")


def test_every_format_is_documented_in_export_help() -> None:
    code, out, _ = kg_cli("export", "--help")
    assert code == 0
    for fmt in FORMATS.values():
        assert f"{fmt.name:<10} {fmt.summary}" in out.decode()


def test_export_to_a_path_that_cannot_be_written_says_so(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("a file, not a folder", encoding="utf-8")
    target = tmp_path / "taken" / "graph.json"
    code, out, err = kg_cli("export", "--root", str(TREE), "--format", "json", "-o", str(target))
    assert (code, out) == (1, b"")
    assert err == f"kg export: cannot write {tmp_path / 'taken'}: File exists\n"


_SLOW_CACHE_BUILD = """
import sys, time
import kg.treecheck
save = kg.treecheck._TreeCheck.save
def slow_save(*args):
    time.sleep(2)  # as on a slow disk: the exports are done long before the cache is
    save(*args)
kg.treecheck._TreeCheck.save = slow_save
from kg.cli import run
sys.argv = ["kg", "build", "--no-views", "--root", sys.argv[1]]
run()
"""


def test_kg_build_ends_once_the_cache_written_beside_it_is_complete(tmp_path: Path) -> None:
    # At 1,000 files and more a forked process writes the check's cache while the exports are
    # made; the `kg` process must wait for it before it ends, or the next check starts cold.
    write_tree(generate(1100, seed=12).files(), tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", _SLOW_CACHE_BUILD, str(tmp_path)],
        env={**os.environ, "KG_JOBS": "2"},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.endswith(" relations\n")
    again = check_tree(tmp_path, jobs=2)
    assert again.reused == again.files > 1000
    assert not again.problems
