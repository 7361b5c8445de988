"""Command line: the TUI (default), `show` for scripts, `history`, and `serve-demo`.

Exit codes: 0 success, 1 an API error (one line on stderr), 2 a usage or configuration error.
No path prints a traceback; set MODELGATES_EXPLORER_DEBUG=1 to see one for an internal error.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import sys
from collections.abc import Sequence

from explorer import __version__
from explorer.settings import APP_NAME

EXIT_OK, EXIT_API_ERROR, EXIT_USAGE = 0, 1, 2
COMMANDS = ("show", "history", "serve-demo")


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--demo", action="store_true",
                        help="use the built-in demo API (no key, no network)")
    parser.add_argument("--base-url", metavar="URL", help="API base URL (default: MODELGATES_BASE_URL "
                        "or https://modelgates.ai/api/v1)")


def tui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=APP_NAME,
        description="Explore ModelGates generations: cost, tokens, latency, provider attempts, "
                    "content. Commands: show, history, serve-demo (see `COMMAND --help`).",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    _common(parser)
    parser.add_argument("--ids-file", metavar="FILE", help="look up every ID in FILE (- for stdin)")
    parser.add_argument("--concurrency", type=int, metavar="N",
                        help="parallel lookups in a batch (default 8)")
    parser.add_argument("ids", nargs="*", metavar="ID", help="generation IDs to load at start")
    return parser


def command_parser(command: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"{APP_NAME} {command}")
    if command == "show":
        parser.description = "Print one generation's metadata and content."
        parser.add_argument("id", metavar="ID")
        _common(parser)
        form = parser.add_mutually_exclusive_group()
        form.add_argument("--json", action="store_true", help="print JSON (both raw responses)")
        form.add_argument("--markdown", action="store_true", help="print a Markdown report")
        parser.add_argument("--no-history", action="store_true", help="do not save to local history")
        parser.add_argument("--no-wait", action="store_true",
                            help="fail at once when a young ID's stats are not ready yet (default: retry "
                                 "until they are or the pending window runs out)")
    elif command == "history":
        parser.description = "List generations in the local history (demo: the demo data set)."
        parser.add_argument("--demo", action="store_true", help="the demo history")
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument("--query", default="", help="filter (ID, model, provider, content text)")
        parser.add_argument("--limit", type=int, default=200)
    else:
        parser.description = "Serve the demo API over HTTP (any non-empty key, e.g. demo-key)."
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8787)
        parser.add_argument("--pending-seconds", type=float, default=4.0,
                            help="how long a fresh gen-<now>-… ID answers 404")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `modelgates-explorer` console script."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] in COMMANDS:
            command = args[0]
            options = command_parser(command).parse_args(args[1:])
            runner = {"show": _show, "history": _history, "serve-demo": _serve_demo}[command]
            return runner(options)
        return _tui(tui_parser().parse_args(args))
    except KeyboardInterrupt:
        return 130
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    except Exception as exc:  # the last guard: one line, never a traceback
        if os.environ.get("MODELGATES_EXPLORER_DEBUG"):
            raise
        _err(f"internal error: {type(exc).__name__}: {exc} (MODELGATES_EXPLORER_DEBUG=1 shows details)")
        return EXIT_API_ERROR


def _err(line: str) -> None:
    from explorer.presentation.safe_text import one_line

    print(f"{APP_NAME}: {one_line(line, 1000)}", file=sys.stderr)


def _settings(options: argparse.Namespace):
    from explorer.settings import ConfigError, load_settings

    try:
        return load_settings(base_url=getattr(options, "base_url", None),
                             batch_concurrency=getattr(options, "concurrency", None))
    except ConfigError as exc:
        _err(str(exc))
        raise SystemExit(EXIT_USAGE) from None


def _client(settings, demo: bool):
    from explorer.api.errors import MissingKeyError
    from explorer.services import build_client

    try:
        return build_client(settings, demo=demo)
    except MissingKeyError as exc:
        _err(f"{exc.one_line()}. {exc.hint}")
        raise SystemExit(EXIT_USAGE) from None


def _open_store(demo: bool, *, seed_demo: bool = False):
    from explorer.services import open_history

    store = open_history(demo=demo, seed_demo=seed_demo)
    if store.warning:
        _err(store.warning)
    return store


def _show(options: argparse.Namespace) -> int:
    from explorer.api.errors import ApiError, InvalidIdError, NotFoundError
    from explorer.api.ids import normalize_id

    try:
        generation_id = normalize_id(options.id)
    except InvalidIdError as exc:
        _err(f"{exc.one_line()}. {exc.hint}")
        return EXIT_USAGE
    settings = _settings(options)
    client = _client(settings, options.demo)

    async def fetch():
        async with client:
            return await _lookup_waiting(client, generation_id, wait=not options.no_wait)

    try:
        lookup = asyncio.run(fetch())
    except PendingWindowOver as exc:
        _err(f"{exc.error.one_line()} — gave up: the {exc.window:g} s pending window ran out")
        return EXIT_API_ERROR
    except NotFoundError as exc:
        hint = ("stats appear a few seconds after a generation finishes; run without --no-wait to wait for them"
                if exc.pending else exc.hint)
        _err(f"{exc.one_line()} — {hint}")
        return EXIT_API_ERROR
    except ApiError as exc:
        _err(f"{exc.one_line()}" + (f" — {exc.hint}" if exc.hint else ""))
        return EXIT_API_ERROR
    if not options.no_history:
        store = _open_store(options.demo)
        if warning := store.save(lookup.raw_generation, lookup.raw_content, lookup.fetched_at):
            _err(warning)  # the lookup still prints; say why it is not in the history
        store.close()
    _write(_render_lookup(lookup, options))
    return EXIT_OK


#: Seconds between lookups of a pending ID: soon at first (stats often appear within a second or
#: two), then every few seconds, like the TUI's countdown.
PENDING_RETRY_SECONDS = (1, 2, 3)


class PendingWindowOver(Exception):
    """A young ID stayed "not ready yet" for the whole pending window."""

    def __init__(self, error, window: float) -> None:
        super().__init__(error.one_line())
        self.error = error
        self.window = window


async def _lookup_waiting(client, generation_id: str, *, wait: bool):
    """`client.lookup`, retried while the ID is pending (a young generation whose stats are not
    ready yet) until it answers or the client's pending window runs out, as the TUI does.

    With `wait` False the pending 404 is raised at once. A countdown goes to stderr when it is a
    terminal; otherwise the wait is silent.
    """
    from explorer.api.errors import NotFoundError

    tries = 0
    while True:
        try:
            return await client.lookup(generation_id)
        except NotFoundError as error:
            if tries and not error.pending:  # it was pending; now it is too old to be
                raise PendingWindowOver(error, client.pending_window) from None
            if not (wait and error.pending):
                raise
            window_left = client.pending_window - (error.age_seconds or 0.0)
            if window_left <= 0:
                raise PendingWindowOver(error, client.pending_window) from None
            delay = min(PENDING_RETRY_SECONDS[min(tries, len(PENDING_RETRY_SECONDS) - 1)], window_left)
            tries += 1
            await _count_down(error, delay, window_left)


async def _count_down(error, delay: float, window_left: float) -> None:
    """Sleep `delay` seconds, showing the seconds left on stderr if it is a terminal."""
    import math

    from explorer.presentation.safe_text import one_line

    terminal = sys.stderr.isatty()
    remaining = delay
    while remaining > 0:
        if terminal:
            line = (f"{APP_NAME}: {error.title}: {error.message} — retrying in {math.ceil(remaining)} s "
                    f"({math.ceil(window_left)} s of the pending window left; --no-wait to stop)")
            sys.stderr.write("\r\x1b[K" + one_line(line, 300))
            sys.stderr.flush()
        step = min(1.0, remaining)
        await asyncio.sleep(step)
        remaining -= step
        window_left -= step
    if terminal:
        sys.stderr.write("\r\x1b[K")  # the countdown line goes; the answer or the error follows
        sys.stderr.flush()


def _render_lookup(lookup, options: argparse.Namespace) -> str:
    from explorer.export import formats as export
    from explorer.presentation.metadata_sections import metadata_sections, sections_as_text

    if options.json:
        return export.lookup_as_json(lookup, ascii_only=sys.stdout.isatty())
    if options.markdown:
        return export.lookup_as_markdown(lookup)
    text = sections_as_text(metadata_sections(lookup.generation))
    if lookup.content_error is not None:
        err = lookup.content_error
        return text + f"\n\nContent: {err.one_line()} — {err.hint}"
    return text + "\n\n" + _content_text(lookup)


def _content_text(lookup) -> str:
    from explorer.presentation.content_blocks import content_as_markdown

    content = lookup.content
    if content is None:
        return "Content: —"
    return content_as_markdown(messages=content.messages, prompt=content.prompt,
                               completion=content.output.completion,
                               reasoning=content.output.reasoning)


def _write(text: str) -> None:
    from explorer.presentation.safe_text import safe_text

    # Network text reaches a terminal only with control/escape sequences made visible.
    out = safe_text(text) if sys.stdout.isatty() else text
    try:
        sys.stdout.write(out if out.endswith("\n") else out + "\n")
        sys.stdout.flush()
    except BrokenPipeError:  # `show … | head`
        pass


def _history(options: argparse.Namespace) -> int:
    from explorer.presentation import formatting as fmt
    from explorer.presentation.safe_text import one_line

    store = _open_store(options.demo, seed_demo=options.demo)
    rows = store.list(query=options.query, limit=options.limit)
    store.close()
    if options.json:
        _write(json.dumps([dataclasses.asdict(row) for row in rows], indent=2, ensure_ascii=sys.stdout.isatty()))
        return EXIT_OK
    if not rows:
        _write("No generations in the history yet: look one up with "
               f"`{APP_NAME} show ID` or in the app.")
        return EXIT_OK
    lines = []
    for row in rows:
        lines.append("  ".join([
            f"{one_line(row.id, 40):<40}", f"{one_line(fmt.text(row.model), 36):<36}",
            f"{one_line(fmt.text(row.provider), 16):<16}", f"{fmt.usd(row.total_cost):>12}",
            f"{fmt.count(row.tokens_prompt):>8} → {fmt.count(row.tokens_completion):<8}",
            f"{row.attempts:>2} att.", one_line(fmt.text(row.status), 16),
        ]))
    _write("\n".join(lines))
    return EXIT_OK


def _serve_demo(options: argparse.Namespace) -> int:
    from explorer.demo.server import serve_demo

    try:
        serve_demo(host=options.host, port=options.port, pending_seconds=options.pending_seconds)
    except OSError as exc:
        _err(f"cannot serve on {options.host}:{options.port}: {exc.strerror or exc}")
        return EXIT_USAGE
    return EXIT_OK


def _tui(options: argparse.Namespace) -> int:
    from explorer.api.ids import split_ids

    ids = [i for raw in options.ids for i in split_ids(raw)]
    if options.ids_file:
        from explorer.api.batch import read_ids_file

        try:
            ids += read_ids_file(options.ids_file)
        except OSError as exc:
            _err(f"cannot read {options.ids_file}: {exc.strerror or exc}")
            return EXIT_USAGE
    if not options.demo and not _key_configured():
        from explorer.api.errors import MissingKeyError

        error = MissingKeyError("MODELGATES_API_KEY is not set")
        _err(f"{error.one_line()}. {error.hint}")
        return EXIT_USAGE
    from explorer.ui.run import run_tui

    return run_tui(demo=options.demo, ids=ids, base_url=options.base_url,
                   batch_concurrency=options.concurrency)


def _key_configured() -> bool:
    """A cheap check before the UI starts (full settings load after the first frame)."""
    from explorer.settings import config_file_path

    return bool(os.environ.get("MODELGATES_API_KEY", "").strip()) or config_file_path().is_file()
