"""`modelgates-explorer batch`: many generations looked up from the command line, as the TUI's
batch view does (`explorer.api.batch.run_batch`, with the history store on).

Results go to stdout as each ID ends: one line per ID (default), one JSON object per line
(`--jsonl`), or one JSON array in input order once every ID has ended (`--json`). A JSON item
is what `show --json` prints for a lookup but its worded `metadata`, plus how the ID ended
(`ok`, `error`, `tries`, `saved`). A progress bar goes to stderr when it is a terminal (at most ten repaints a second),
then one summary line. Exit status: 0 when every ID was looked up, 1 when any failed.

Memory stays flat however many IDs there are: a lookup is written out, then dropped (it is in
the history); only `--json`, which must wait for the end, keeps each item's text.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

if TYPE_CHECKING:
    from explorer.api.batch import BatchReport, BatchResult

T = TypeVar("T")
PROGRESS_INTERVAL = 0.1  # seconds between repaints of the progress bar
PROGRESS_WIDTH = 30  # cells of the bar itself


def add_batch_arguments(parser: argparse.ArgumentParser) -> None:
    """The `batch` command's own options (`--demo` and `--base-url` are common to all)."""
    parser.description = ("Look up many generations: IDs as arguments and/or one per line in a "
                          "file. Exit status 0 when all were found, 1 when any failed.")
    parser.add_argument("ids", nargs="*", metavar="ID",
                        help="generation IDs (several in one argument may be separated by "
                             "spaces or commas)")
    parser.add_argument("--ids-file", metavar="FILE", help="read IDs from FILE, one per line "
                        "(- for stdin; blank lines and # comments are skipped)")
    parser.add_argument("--concurrency", type=int, metavar="N",
                        help="lookups in flight at once (default: batch_concurrency, 8)")
    form = parser.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true",
                      help="print one JSON array, in input order, when every ID has ended")
    form.add_argument("--jsonl", action="store_true",
                      help="print one JSON object per ID as it ends")
    parser.add_argument("--no-history", action="store_true", help="do not save to local history")


def batch_ids(options: argparse.Namespace) -> list[str]:
    """The IDs the options name, arguments first (raises OSError for an unreadable file,
    `IdsFileError` for one that is not text)."""
    from explorer.api.ids import read_ids_file, split_ids

    ids = [generation_id for raw in options.ids for generation_id in split_ids(raw)]
    if options.ids_file:
        ids += read_ids_file(options.ids_file)
    return ids


def run_batch_command(options: argparse.Namespace, ids: list[str], client: Any, store: Any, *,
                      concurrency: int, stdout: TextIO | None = None,
                      stderr: TextIO | None = None) -> int:
    """Look up `ids` with `client`, saving to `store` (None: no history); print as the options
    say. Returns the exit status."""
    from explorer.api.batch import run_batch, unique_ids

    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    distinct = unique_ids(ids)
    output = ResultsOutput(stdout, "json" if options.json else "jsonl" if options.jsonl else "text",
                           saving=store is not None and getattr(store, "enabled", True))
    progress = ProgressBar(stderr, len(distinct)) if stderr.isatty() else None
    failed = 0

    def on_result(result: BatchResult) -> None:
        nonlocal failed
        failed += not result.ok
        output.write(result)
        result.lookup = None  # written out (and in the history): not kept for the whole batch
        if progress is not None:
            progress.update(output.count, failed)

    async def batch() -> BatchReport:
        async with client:
            return await run_batch(client, distinct, concurrency=concurrency, store=store,
                                   on_result=on_result)

    try:
        report = run_event_loop(batch())
    finally:
        if progress is not None:
            progress.clear()
    output.finish(distinct)
    stderr.write(summary_line(report) + "\n")
    stderr.flush()
    return 1 if report.failed else 0


def run_event_loop(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run `coroutine` on uvloop when it is installed (it comes with uvicorn[standard]): its
    event loop costs a batch less CPU per request; else on asyncio's own."""
    returned: list[T] = []

    async def run() -> None:
        # Nothing returned to the runner: it takes the repr of its task's result when it puts
        # the Ctrl-C handler back (twice), and a report of 100,000 results is a long repr.
        returned.append(await coroutine)

    try:
        import uvloop
    except ImportError:
        asyncio.run(run())
    else:
        with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
            runner.run(run())
    return returned[0]


def summary_line(report: BatchReport) -> str:
    """`Batch done · 1,000 IDs in 1.42 s · 998 ok · 2 failed · up to 32 at a time · …`."""
    count = len(report.results)
    parts = [f"Batch done · {count:,} ID{'s' if count != 1 else ''} in {report.elapsed:,.2f} s",
             f"{report.ok:,} ok", f"{report.failed:,} failed",
             f"up to {report.concurrency} at a time"]
    if report.rate_limit_pauses:
        parts.append(f"{report.rate_limit_pauses} rate-limit pause"
                     f"{'s' if report.rate_limit_pauses != 1 else ''} (concurrency lowered to "
                     f"{report.final_concurrency})")
    if report.unsaved:
        parts.append(f"{report.unsaved:,} not saved to the history")
    return " · ".join(parts)


class ResultsOutput:
    """Writes each result as it ends (`text`, `jsonl`), or keeps its JSON for the end (`json`).
    A broken pipe (`… | head`) ends the output quietly; the batch itself goes on."""

    def __init__(self, stream: TextIO, form: str, *, saving: bool) -> None:
        self.stream = stream
        self.form = form
        self.saving = saving
        self.count = 0
        self._terminal = stream.isatty()
        self._items: dict[str, str] = {}
        self._broken = False

    def write(self, result: BatchResult) -> None:
        """Output `result` (or keep it for `finish`)."""
        self.count += 1
        if self.form == "text":
            self._emit(result_line(result))
        elif self.form == "jsonl":
            self._emit(result_json(result, self.saving, ascii_only=self._terminal))
        else:
            self._items[result.id] = result_json(result, self.saving, ascii_only=self._terminal,
                                                 indent=2)

    def finish(self, ids: list[str]) -> None:
        """End the output: the JSON array in input order for `json`."""
        if self.form == "json":
            items = [self._items[i] for i in ids if i in self._items]
            self._emit("[\n" + ",\n".join(items) + "\n]" if items else "[]")
        if not self._broken:
            try:
                self.stream.flush()
            except BrokenPipeError:
                self._broken = True

    def _emit(self, text: str) -> None:
        if self._broken:
            return
        try:
            self.stream.write(text + "\n")
            if self._terminal:
                self.stream.flush()
        except BrokenPipeError:
            self._broken = True


def result_line(result: BatchResult) -> str:
    """`✓ ok      gen-…  anthropic/claude-sonnet-4.5 · $0.0123`: safe on a terminal."""
    from explorer.presentation.batch_results import result_details, result_outcome
    from explorer.presentation.safe_text import one_line

    return f"{result_outcome(result):<8}  {one_line(result.id, 60)}  {one_line(result_details(result), 300)}"


def result_json(result: BatchResult, saving: bool, *, ascii_only: bool = False,
                indent: int | None = None) -> str:
    """One ID as JSON: `show --json`'s fields for a lookup, and how the ID ended."""
    from explorer.export.formats import error_as_dict, lookup_as_dict

    item: dict[str, Any] = {"id": result.id, "ok": result.ok, "error": error_as_dict(result.error),
                            "tries": result.tries, "elapsed_s": round(result.elapsed, 4),
                            "saved": saving and result.ok and result.save_error is None,
                            "save_error": result.save_error}
    if result.lookup is not None:
        # Not the worded `metadata` sections: at half a millisecond an ID they would cost a
        # large batch more CPU than its requests; every fact is in `generation` anyway.
        item = {**lookup_as_dict(result.lookup, worded=False), **item}
    text = json.dumps(item, ensure_ascii=ascii_only, indent=indent)
    if not ascii_only and not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: the same data, escaped
            text = json.dumps(item, ensure_ascii=True, indent=indent)
    return text


class ProgressBar:
    """`[██████░░░░] 532 / 1,000 · 3 failed · 1.2 s` on one line of a terminal, repainted at
    most every `PROGRESS_INTERVAL` seconds (and once at the end)."""

    def __init__(self, stream: TextIO, total: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.total = total
        self._clock = clock
        self._started = clock()
        self._last = float("-inf")
        self._shown = -1  # `done` as last painted

    def update(self, done: int, failed: int) -> None:
        """Show `done` of the total, unless the last repaint was too recent (the end always
        shows)."""
        now = self._clock()
        if done == self._shown or (now - self._last < PROGRESS_INTERVAL and done < self.total):
            return
        self._last, self._shown = now, done
        filled = PROGRESS_WIDTH * done // max(1, self.total)
        bar = "█" * filled + "░" * (PROGRESS_WIDTH - filled)
        self.stream.write(f"\r\x1b[K[{bar}] {done:,} / {self.total:,} · {failed:,} failed · "
                          f"{now - self._started:,.1f} s")
        self.stream.flush()

    def clear(self) -> None:
        """Take the bar off its line (the summary follows)."""
        self.stream.write("\r\x1b[K")
        self.stream.flush()
