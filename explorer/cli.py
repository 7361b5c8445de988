"""Command line: the TUI (default), `show` and `batch` for scripts, `history`, and `serve-demo`.

Exit codes: 0 success, 1 an API error (one line on stderr), 2 a usage or configuration error.
No path prints a traceback; set MODELGATES_EXPLORER_DEBUG=1 to see one for an internal error.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import os
import sys
from collections.abc import Sequence

from explorer import __version__
from explorer.settings import APP_NAME, DEMO_PORT
from explorer.show_command import count_down as _count_down  # tests replace it here
from explorer.show_command import render_lookup

EXIT_OK, EXIT_API_ERROR, EXIT_USAGE = 0, 1, 2
_deferred_collection: list[bool] = []  # non-empty while main() holds the garbage collector off
COMMANDS = ("show", "batch", "history", "serve-demo", "proxy", "capture")


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--demo", action="store_true",
                        help="use the built-in demo API (no key, no network)")
    parser.add_argument("--base-url", metavar="URL", help="API base URL (default: MODELGATES_BASE_URL "
                        "or https://modelgates.ai/api/v1)")


def tui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=APP_NAME,
        description="Explore ModelGates generations: cost, tokens, latency, provider attempts, "
                    "content. Commands: show, batch, history, serve-demo, proxy, capture (see `COMMAND --help`).",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    _common(parser)
    parser.add_argument("--ids-file", metavar="FILE", help="look up every ID in FILE (- for stdin)")
    parser.add_argument("--concurrency", type=int, metavar="N",
                        help="parallel lookups in a batch (default 8)")
    capture = parser.add_argument_group("live capture (shown by the live view, key l)")
    capture.add_argument("--proxy", type=int, metavar="PORT",
                         help="run a recording proxy on 127.0.0.1:PORT (point your client's base URL at it)")
    capture.add_argument("--follow", metavar="FILE",
                         help="capture every generation ID written to FILE (- for stdin) from now on")
    capture.add_argument("--from-start", action="store_true", help="with --follow: read FILE from its start")
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
    elif command == "batch":
        from explorer.batch_command import add_batch_arguments

        add_batch_arguments(parser)
        _common(parser)
    elif command == "history":
        parser.description = "List generations in the local history (demo: the demo data set)."
        parser.add_argument("--demo", action="store_true", help="the demo history")
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument("--query", default="", help="filter (ID, model, provider, content text)")
        parser.add_argument("--limit", type=int, default=200)
    elif command in ("proxy", "capture"):
        from explorer.capture.arguments import add_capture_arguments

        add_capture_arguments(parser, command)
    else:
        parser.description = "Serve the demo API over HTTP (any non-empty key, e.g. demo-key)."
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=DEMO_PORT)
        parser.add_argument("--pending-seconds", type=float, default=4.0,
                            help="how long a fresh gen-<now>-… ID answers 404")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `modelgates-explorer` console script."""
    args = list(sys.argv[1:] if argv is None else argv)
    _tolerate_unencodable_output()
    if argv is None and args[:1] in (["show"], ["batch"]):
        # The program itself (not a caller in-process): start-up allocates some 100,000
        # objects that live to the end (modules, pydantic's validators), and collecting young
        # objects meanwhile costs ~10 % of a `show`. `_client` brings the collector back.
        gc.disable()
        _deferred_collection.append(True)
    try:
        if args and args[0] in COMMANDS:
            command = args[0]
            options = command_parser(command).parse_args(args[1:])
            runner = {"show": _show, "batch": _batch, "history": _history, "serve-demo": _serve_demo, "proxy": _proxy,
                      "capture": _capture}[command]
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


def _tolerate_unencodable_output() -> None:
    """What stdout or stderr cannot encode (an ASCII locale, `PYTHONIOENCODING=ascii`; a lone
    surrogate from a JSON body) is written as a `\\uXXXX` escape instead of ending the command."""
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


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


def _client(settings, demo: bool, *, few_requests: bool = False):
    from explorer.api.errors import MissingKeyError
    from explorer.services import build_client

    try:
        client = build_client(settings, demo=demo, few_requests=few_requests)
    except MissingKeyError as exc:
        _err(f"{exc.one_line()}. {exc.hint}")
        raise SystemExit(EXIT_USAGE) from None
    if client.warning:  # the key would travel in clear text: said once, before it does
        _err(client.warning)
    if _deferred_collection:  # see main(): the start-up's objects frozen, never scanned again
        _deferred_collection.clear()
        gc.freeze()
        gc.enable()
    return client


def _open_store(demo: bool, *, seed_demo: bool = False):
    from explorer.services import open_history

    store = open_history(demo=demo, seed_demo=seed_demo)
    if store.warning:
        _err(store.warning)
    return store


def _show(options: argparse.Namespace) -> int:
    from explorer.api.errors import ApiError, InvalidIdError, NotFoundError
    from explorer.api.ids import normalize_id
    from explorer.api.pending import PendingWindowOver

    try:
        generation_id = normalize_id(options.id)
    except InvalidIdError as exc:
        _err(f"{exc.one_line()}. {exc.hint}")
        return EXIT_USAGE
    settings = _settings(options)
    client = _client(settings, options.demo, few_requests=True)

    fetched = []

    async def fetch() -> None:
        async with client:
            fetched.append(await _lookup_waiting(client, generation_id, wait=not options.no_wait))

    import asyncio  # here, not at the top: `history` has no use for it (30 ms to import)

    try:
        # The coroutine returns None: asyncio.run takes the repr of its task's result when it
        # puts the Ctrl-C handler back (twice; a second for a 50 MB lookup's repr).
        asyncio.run(fetch())
        lookup = fetched[0]
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
        warning = store.save(lookup.raw_generation, lookup.raw_content, lookup.fetched_at)
        if warning and warning != store.warning:  # the store's own warning was said at open
            _err(warning)  # the lookup still prints; say why it is not in the history
        store.close()
    _write(render_lookup(lookup, as_json=options.json, as_markdown=options.markdown))
    return EXIT_OK


async def _lookup_waiting(client, generation_id: str, *, wait: bool):
    """`client.lookup`, retried while the ID is pending (see `lookup_when_ready`), as the TUI
    does. A countdown goes to stderr when it is a terminal; otherwise the wait is silent."""
    from explorer.api.pending import lookup_when_ready

    return await lookup_when_ready(client, generation_id, wait=wait,
                                   on_wait=lambda *args: _count_down(*args))


def _write(text: str) -> None:
    from explorer.presentation.safe_text import safe_text

    # Network text reaches a terminal only with control/escape sequences made visible.
    out = safe_text(text) if sys.stdout.isatty() else text
    try:
        sys.stdout.write(out if out.endswith("\n") else out + "\n")
        sys.stdout.flush()
    except BrokenPipeError:  # `show … | head`
        pass


def _batch(options: argparse.Namespace) -> int:
    from explorer.api.ids import IdsFileError
    from explorer.batch_command import batch_ids, run_batch_command

    try:
        ids = batch_ids(options)
    except (OSError, IdsFileError) as exc:
        _err(f"cannot read {_ids_source(options.ids_file)}: {_reason(exc)}")
        return EXIT_USAGE
    if not ids:
        _err("no IDs: give them as arguments or with --ids-file FILE")
        return EXIT_USAGE
    settings = _settings(options)
    client = _client(settings, options.demo)
    store = None if options.no_history else _open_store(options.demo)
    try:
        return run_batch_command(options, ids, client, store, concurrency=settings.batch_concurrency)
    finally:
        if store is not None:
            store.close()


def _history(options: argparse.Namespace) -> int:
    from explorer.presentation import formatting as fmt
    from explorer.presentation.safe_text import one_line
    from explorer.services import open_history

    store = open_history(demo=options.demo, seed_demo=options.demo)
    if not store.enabled:  # not "empty": the history could not be read at all
        _err(f"cannot read the history: {store.warning or 'no history location'}")
        return EXIT_API_ERROR
    if store.warning:  # e.g. read-only: it says so, and how many it shows
        _err(store.warning)
    rows = store.list(query=options.query, limit=options.limit)
    stored = store.count(cap=None) if not rows and options.query.strip() else 0
    store.close()
    if options.json:
        _write(json.dumps([dataclasses.asdict(row) for row in rows], indent=2, ensure_ascii=sys.stdout.isatty()))
        return EXIT_OK
    if not rows and stored:
        _write(f"No generation matches {one_line(options.query, 80)!r} ({stored:,} in the history).")
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


def _proxy(options: argparse.Namespace) -> int:
    from explorer.capture.commands import run_proxy

    return run_proxy(host=options.host, port=options.port, upstream=options.upstream, demo=options.demo,
                     allow_remote=options.allow_remote)


def _capture(options: argparse.Namespace) -> int:
    from explorer.capture.commands import run_capture

    return run_capture(follow=options.follow, from_start=options.from_start, demo=options.demo,
                       base_url=options.base_url)


def _serve_demo(options: argparse.Namespace) -> int:
    from explorer.demo.server import serve_demo

    try:
        serve_demo(host=options.host, port=options.port, pending_seconds=options.pending_seconds)
    except OSError as exc:
        _err(f"cannot serve on {options.host}:{options.port}: {exc.strerror or exc}")
        return EXIT_USAGE
    return EXIT_OK


def _tui(options: argparse.Namespace) -> int:
    from explorer.api.ids import IdsFileError, read_ids_file, split_ids

    ids = [i for raw in options.ids for i in split_ids(raw)]
    if options.ids_file:
        try:
            ids += read_ids_file(options.ids_file)
        except (OSError, IdsFileError) as exc:
            _err(f"cannot read {_ids_source(options.ids_file)}: {_reason(exc)}")
            return EXIT_USAGE
    # Every setting is checked before the screen changes: a bad one is one line and exit 2.
    settings = _settings(options)
    from explorer.ui.theme_memory import theme_setting_problem

    if (problem := theme_setting_problem(settings.theme)) is not None:
        _err(problem)
        return EXIT_USAGE
    if not options.demo and settings.api_key is None:
        from explorer.api.errors import MissingKeyError

        error = MissingKeyError("MODELGATES_API_KEY is not set")
        _err(f"{error.one_line()}. {error.hint}")
        return EXIT_USAGE
    from explorer.ui.live_capture import LiveCapture

    capture = LiveCapture.from_arguments(options)
    if isinstance(capture, str):
        _err(capture)
        return EXIT_USAGE
    from explorer.ui.terminal import NoTerminalError, keyboard_from_terminal

    try:  # the IDs (or the followed log) may come through stdin: the keys come from the terminal
        keyboard_from_terminal()
    except NoTerminalError as exc:
        _err(str(exc))
        return EXIT_USAGE
    from explorer.ui.run import run_tui

    return run_tui(demo=options.demo, ids=ids, base_url=options.base_url,
                   batch_concurrency=options.concurrency, live_capture=capture)


def _ids_source(path: str) -> str:
    return "the IDs from standard input" if path == "-" else path


def _reason(error: Exception) -> object:
    return getattr(error, "strerror", None) or error  # "No such file or directory", not errno
