"""The `corpus` command: thin wrappers that parse arguments, call the library and print."""
from __future__ import annotations

import html
import re
import sys
import time
from pathlib import Path

import click
import orjson

from corpus.engines import ENGINES, open_searcher, open_sink
from corpus.errors import IndexProblem, QueryError
from corpus.fields import FACET_REGISTRY
from corpus.indexer import index_paths
from corpus.search import MAX_PAGE, SORTS

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
# What `corpus serve` indexes when there is no index yet: the two seeds and a sample of
# SaudiNewsNet (demo/README.md: its licence and citation).
DEMO = (SEEDS, SEEDS.parent / "demo")


def index_option(f):
    """--index and --engine, shared by every command."""
    f = click.option("--index", "index",
                     help="Whoosh: the index directory (default: $CORPUS_INDEX, else ./index); "
                          "OpenSearch: the index (alias) name (default: $CORPUS_INDEX, else corpus).")(f)
    return click.option("--engine", type=click.Choice(ENGINES), default=None,
                        help="Search engine (default: $CORPUS_ENGINE, else whoosh); OpenSearch "
                             "is reached at $CORPUS_OPENSEARCH_URL.")(f)


def facet_options(f):
    """A repeatable --NAME option per facet of the registry (corpus/fields.py)."""
    for facet in reversed(FACET_REGISTRY):
        spellings = dict.fromkeys((f"--{facet.name}", f"--{facet.name.replace('_', '-')}"))
        f = click.option(*spellings, facet.name, multiple=True,
                         help=f"Only this {facet.label_en.lower()} (repeatable): {facet.help}")(f)
    return f


def _isolate(text: str) -> str:
    """Wrap in Unicode first-strong isolates so RTL text can't reorder its neighbours."""
    return f"\u2068{text}\u2069" if text else ""


# Hits in a snippet: bold on a terminal; otherwise [[ ]], which news text does not use
# (« » are Arabic quotation marks: «البيشمركة» is quoted, not a hit).
MARKS = {True: ("\x1b[1m", "\x1b[0m"), False: ("[[", "]]")}


def _plain(snippet_html: str, tty: bool) -> str:
    """A snippet as one line of text, its hits marked."""
    on, off = MARKS[tty]
    text = re.sub(r"<mark>(.*?)</mark>", lambda m: on + m.group(1) + off, snippet_html)
    return " ".join(html.unescape(text).split())


def _progress(files_done: int, files_total: int, docs: int) -> None:
    width = 30
    fill = width * files_done // max(files_total, 1)
    click.echo(f"\r[{'#' * fill}{'.' * (width - fill)}] {files_done}/{files_total} files, "
               f"{docs:,} documents read", nl=False, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main():
    """Index and search a bilingual (Arabic/English) news corpus."""


@main.command("index")
@click.argument("paths", nargs=-1)
@index_option
@click.option("--rebuild", is_flag=True, help="Build a fresh index instead of updating.")
@click.option("--procs", type=click.IntRange(1, 64), default=None, help="Worker processes (default: all cores).")
@click.option("--embeddings/--no-embeddings", default=None,
              help="Store multilingual sentence vectors for semantic search (remembered per "
                   "index; switching rebuilds once). Needs the [embeddings] extra.")
@click.option("--prune", is_flag=True,
              help="Delete the documents of sources that are missing (or are folders with no "
                   "supported files now) and forget those sources; without it they are kept.")
@click.option("--research-store/--no-research-store", default=True, show_default=True,
              help="After the commit, build the token store of the concordance and collocations "
                   "(on disk, per index version); without it the server builds it when started.")
def index_cmd(paths, index, engine, rebuild, procs, embeddings, prune, research_store):
    """Index files, folders (recursively) or globs; incremental by default.

    A bare `corpus index` re-indexes the remembered sources (for cron). Long runs commit
    every 10,000 documents or 60 s ($CORPUS_COMMIT_DOCS, $CORPUS_COMMIT_SECONDS; 0: never),
    so an interrupted first build goes on where it stopped when run again."""
    tty = sys.stderr.isatty()
    try:
        report = index_paths(open_sink(engine, index, procs), paths, rebuild=rebuild,
                             progress=_progress if tty else None, embeddings=embeddings, prune=prune)
    except IndexProblem as e:
        raise click.ClickException(str(e)) from None
    except OSError as e:            # the sinks say what they were doing; this is a last resort
        raise click.ClickException(f"{e.strerror or e}" + (f": {e.filename}" if e.filename else "")) from None
    except KeyboardInterrupt:
        raise click.ClickException("interrupted: the index keeps its last commit") from None
    if tty:
        click.echo(err=True)
    for path, reason in report.skipped:
        click.echo(f"skipped {path}: {reason}", err=True)
    for source in report.pruned:
        click.echo(source.pruned())
    click.echo(report.summary())
    if research_store and report.usable:
        _research_store(engine, index)
    for source in report.missing:
        click.echo(source.kept(), err=True)
    if not report.usable:
        raise click.ClickException("nothing usable was read")
    if report.missing:
        raise click.exceptions.Exit(1)


def _research_store(engine, index) -> None:
    """Build the research views' token store of the index just committed (a separate step)."""
    from corpus.research import tokens
    if not tokens.enabled():
        return
    started = time.perf_counter()
    try:
        store, built = tokens.ensure(open_searcher(engine, index))
    except Exception as e:      # noqa: BLE001 -- the index is committed whatever happens here
        click.echo(f"research store not built: {e}; the server builds it", err=True)
        return
    if store is None:
        click.echo("research store not built: the index changed meanwhile; the server builds it", err=True)
        return
    where = f" in {store.where}" if store.where else " (in memory only: its folder is not writable)"
    click.echo(f"research store {'built' if built else 'up to date'}{where}: {len(store.ids):,} documents, "
               f"{len(store.codes):,} words and marks, {store.nbytes() / 2**20:.0f} MiB, "
               f"{time.perf_counter() - started:.1f} s"
               + (f" ({store.reused:,} unchanged documents kept from the previous version's)" if built and store.reused else ""))


@main.command("search")
@click.argument("query", default="")
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option("--page", type=click.IntRange(1, MAX_PAGE), default=1, show_default=True)
@facet_options
@click.option("--since", help="From this date (YYYY-MM-DD).")
@click.option("--until", help="Up to this date (YYYY-MM-DD).")
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True)
@click.option("--any", "any_word", is_flag=True, help="Match any word (OR) instead of all.")
@click.option("--translate", type=click.Choice(("auto", "off")), default="auto", show_default=True,
              help="auto: words also search their translations (English <-> Arabic); off: as typed.")
@click.option("--semantic", type=click.Choice(("auto", "off")), default="auto", show_default=True,
              help="auto: also the documents closest in meaning (an index built with --embeddings); off: words only.")
@click.option("--group", type=click.Choice(("none", "story")), default="none", show_default=True,
              help="story: one result per story (the same wire story printed by several papers).")
@click.option("--count", type=click.Choice(("documents", "stories")), default=None,
              help="What totals and facet counts count (default: documents).")
def search_cmd(query, index, engine, as_json, limit, page, since, until, sort, any_word,
               translate, semantic, group, count, **facets):
    """Search the index. QUERY supports "phrases", OR/AND/NOT, field:value, word*,
    date:[2019-01-01 TO 2019-12-31]."""
    filters = {name: list(values) for name, values in facets.items() if values}
    try:
        res = open_searcher(engine, index).search(query, filters=filters, since=since, until=until, sort=sort,
                                   page=page, size=limit, op="or" if any_word else "and",
                                   translate=translate, semantic=semantic, group=group, count=count)
    except (QueryError, IndexProblem) as e:
        raise click.ClickException(str(e)) from None
    for notice in res.notices:     # e.g. "searched as plain words: ...", a capped wildcard
        click.echo(f"note: {notice}", err=True)
    for t in res.translations:
        click.echo(f"also searched: {_isolate(t.source)} -> {', '.join(map(_isolate, t.terms))}", err=True)
    if as_json:
        from corpus.serialize import results_dict
        click.echo(orjson.dumps(results_dict(res), option=orjson.OPT_INDENT_2).decode())
        return
    tty = sys.stdout.isatty()
    first = (res.page - 1) * res.size + 1
    stories = f" in {res.stories:,} stories" if res.stories is not None else ""
    click.echo(f"{res.total:,} results{stories} ({res.took_ms:.0f} ms)" +
               (f", showing {first}-{first + len(res.hits) - 1}" if res.hits else ""))
    for n, h in enumerate(res.hits, first):
        meta = " · ".join(_isolate(x) for x in (h.date or "", h.source, h.place, h.lang) if x)
        click.echo(f"\n{n}. {_isolate(h.title or h.id)}")
        click.echo(f"   {meta}" + (f"   [{h.score:.2f}]" if h.score is not None else ""))   # date sorts: no score
        if h.snippet:
            click.echo(f"   {_isolate(_plain(h.snippet, tty))}")
        click.echo(f"   {h.url or h.id}")
        if h.similar_count:
            papers = ", ".join(dict.fromkeys(_isolate(v["source"]) for v in h.similar if v.get("source")))
            click.echo(f"   +{h.similar_count} similar" + (f" from {papers}" if papers else ""))


@main.command("stats")
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as JSON.")
def stats_cmd(index, engine, as_json):
    """Document counts per language, source and year, and the index size."""
    try:
        st = open_searcher(engine, index).stats()
    except IndexProblem as e:
        raise click.ClickException(str(e)) from None
    if as_json:
        click.echo(orjson.dumps(st, option=orjson.OPT_INDENT_2).decode())
        return
    click.echo(f"{st['documents']:,} documents, {st['index_bytes'] / 1e6:.1f} MB, "
               f"last indexed {st['last_indexed']}  ({st.get('index') or st.get('engine')})")
    for name in ("lang", "source", "year"):
        click.echo(f"\n{name}:")
        for value, count in st[name].items():
            click.echo(f"  {count:>8,}  {_isolate(value)}")


@main.command("serve")
@index_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=5000, show_default=True)
@click.option("--threads", type=click.IntRange(1, 64), default=8, show_default=True)
def serve_cmd(index, engine, host, port, threads):
    """Serve the web app and JSON API (waitress); builds the demo index (the seeds and a
    sample of SaudiNewsNet) when none exists."""
    import waitress
    from search_web import create_app

    try:
        sink = open_sink(engine, index)
        if not sink.exists():
            demo = [str(p) for p in DEMO if p.exists()]
            click.echo(f"no {sink.where()}: indexing the demo corpus ({', '.join(demo)}) first; "
                       f"index your own with `corpus index PATH`", err=True)
            click.echo(index_paths(sink, demo).summary(), err=True)
        # the first requests do not wait for dictionaries, facet columns or norms: they are
        # read before the server answers (seconds on a large index)
        app = create_app({"ENGINE": sink.engine, "INDEX": index, "WARM_WAIT": True})
    except IndexProblem as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"serving {sink.where()} on http://{host}:{port}/", err=True)
    waitress.serve(app, host=host, port=port, threads=threads, ident="corpus")


if __name__ == "__main__":
    main()
