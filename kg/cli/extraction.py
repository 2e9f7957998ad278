"""Commands that turn articles into curation: extract, accept, eval."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kg.cli.common import echo_problems, format_option, out_folder_option, project_root, root_option

__all__ = ["accept", "evaluate_gold", "extract"]


@click.command()
@root_option
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@out_folder_option("Folder for review files (default: curation/inbox/ in the project folder).")
@format_option(
    ["yaml", "json"],
    "yaml: write a review file per article; json: print every mention, one document per line.",
)
@click.option("--no-candidates", is_flag=True, help="Known names only: no new-name candidates.")
def extract(
    root: Path | None, paths: tuple[Path, ...], out: Path | None, fmt: str, no_candidates: bool
) -> None:
    """Find known names, new-name candidates, relations and figures in articles.

    yaml writes curation/inbox/<source>.yaml for review (then `kg accept`); each article must
    be registered in seeds/sources.yaml so proposals can cite it. json prints, per article, one
    line {"file", "source", "encoding", "mentions": [{"text", "start", "end", "label",
    "entity"}]} with start/end indexing the decoded raw text. Nothing is written into curation/
    except the review files.

    Example:

        kg extract seeds/000_bff2b6c414ac62bc.txt && kg extract --format json seeds/*.txt
    """
    from kg.extract.inbox import keep_decisions, write_review
    from kg.extract.pipeline import Extractor
    from kg.extract.run import damage_problems, json_document, open_target, review_document
    from kg.load import load_curation

    project = project_root(root)
    curation = load_curation(project)
    if any(p.severity == "error" for p in curation.problems):
        click.echo(
            "kg extract: some curation files have errors; their names are not known (run kg check)", err=True
        )
    extractor = Extractor.from_records(curation.records.values(), candidates=not no_candidates)
    folder = out or project / "curation" / "inbox"
    failed = 0
    with click.progressbar(paths, label="extracting", file=sys.stderr, hidden=len(paths) < 2) as bar:
        for path in bar:
            target, problems = open_target(path, curation, need_source=fmt == "yaml")
            echo_problems(problems)
            if target is None:
                failed += 1
                continue
            damage: list = []  # type: ignore[type-arg]
            if fmt == "json":
                for piece in json_document(extractor, target, damage):
                    sys.stdout.write(piece)
                sys.stdout.flush()
                echo_problems(damage_problems(target, damage))
                continue
            data = review_document(extractor, target, curation, damage)
            echo_problems(damage_problems(target, damage))
            assert target.source is not None
            written = folder / f"{target.source.id}.yaml"
            shown = str(written.relative_to(project)) if written.is_relative_to(project) else str(written)
            kept = keep_decisions(written, data)
            write_review(written, data, shown)
            counts = ", ".join(f"{len(data[s])} {s}" for s in ("candidates", "relations", "figures"))
            click.echo(f"wrote {shown}: {len(data['known'])} known entities, {counts}", err=True)
            if kept:
                click.echo(f"kept {kept} decided item(s) from the previous review; run kg accept", err=True)
    sys.exit(1 if failed else 0)


@click.command()
@root_option
@click.argument("review", type=click.Path(path_type=Path, dir_okay=False))
def accept(root: Path | None, review: Path) -> None:
    """Turn the accepted proposals of a review file into curation, then check everything.

    Items marked `status: accepted` become records (candidates) or relations and figures on
    records, with their citations, in canonical form; `rejected` ones are remembered for the
    source; `pending` ones stay in the review file. Nothing is written if an accepted item is
    incomplete (a TODO(kg new) left, a missing metric, an unknown id).

    Example:

        kg accept curation/inbox/hangyong-twin-cities.yaml
    """
    from kg.extract.accept import accept_review
    from kg.load import load_curation
    from kg.report import check_tree

    project = project_root(root)
    if not review.is_file():
        raise click.BadParameter(f"no such file: {review}", param_hint="REVIEW")
    shown = (
        str(review.resolve().relative_to(project.resolve()))
        if review.resolve().is_relative_to(project.resolve())
        else str(review)
    )
    result = accept_review(review, load_curation(project), shown)
    echo_problems(result.problems)
    if result.problems:
        click.echo(f"kg accept: nothing written; fix the {len(result.problems)} problem(s) above", err=True)
        sys.exit(1)
    for path in result.written:
        click.echo(f"wrote {path.relative_to(project)}", err=True)
    click.echo(f"kg accept: {result.accepted} accepted, {result.rejected} rejected", err=True)
    checked = check_tree(project)
    errors = [p for p in checked.problems if p.severity == "error"]
    echo_problems(errors)
    from kg.report import summary_line

    click.echo(f"kg check: {summary_line(checked)}", err=True)
    sys.exit(1 if errors else 0)


@click.command(name="eval")
@root_option
@click.argument("gold", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--errors", "show_errors", is_flag=True, help="Also list every missed and spurious mention.")
def evaluate_gold(root: Path | None, gold: Path, fmt: str, show_errors: bool) -> None:
    """Precision, recall and F1 of extraction against an annotated gold file.

    The gold file lists the entities it was annotated against and its documents, with
    mentions marked up as [text](label) or [text](label:entity); see kg/extract/evaluate.py.

    Example:

        kg eval tests/gold/dev.yaml
    """
    from kg.extract.evaluate import evaluate, read_gold
    from kg.load import load_curation

    project = project_root(root)
    entities, documents, problems = read_gold(gold, str(gold))
    records = load_curation(project).records
    missing = [e for e in entities if e not in records]
    if missing:
        click.echo(f"{gold}:1:1: KG611 entities not in the curation: {', '.join(missing)}", err=True)
        sys.exit(1)
    echo_problems(problems)
    if problems:
        sys.exit(1)
    result = evaluate(documents, [records[e] for e in entities])
    data = result.as_dict()
    if fmt == "json":
        click.echo(
            json.dumps(
                data | ({"errors": result.errors} if show_errors else {}), ensure_ascii=False, indent=2
            )
        )
        return
    click.echo(f"{'':<16}{'precision':>10}{'recall':>9}{'f1':>8}{'gold':>7}{'found':>7}")
    rows = [
        ("known (linked)", data["known"]),
        ("new (span)", data["new"]),
        ("new (span+type)", data["new_typed"]),
    ]
    rows += list(data["by_label"].items())
    for name, row in rows:
        click.echo(
            f"{name:<16}{row['precision']:>10.3f}{row['recall']:>9.3f}{row['f1']:>8.3f}{row['gold']:>7}{row['predicted']:>7}"
        )
    if show_errors:
        for error in result.errors:
            entity = f":{error['entity']}" if error["entity"] else ""
            click.echo(f"{error['document']}\t{error['kind']}\t{error['text']}\t{error['label']}{entity}")
