"""Measure the content viewer on huge content (prints figures; not a test).

Run: .venv/bin/python -m tests.ui_content.measure_huge

For each case: the time from `show()` (or a tab switch) to the first painted screen, the longest
event-loop stall seen meanwhile (a 2 ms ticker measures it), and how long the wrap index takes
to finish in the background.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable

from textual.app import App, ComposeResult

from explorer.ui.widgets.content_viewer import ContentViewer
from explorer.ui.widgets.lazy_text import LazyText
from tests.ui_content.lookups import make_lookup

SIZE = (120, 40)


def huge_messages(count: int = 3000) -> list[dict]:
    roles = ["user", "assistant", "tool", "system"]
    return [
        {"role": roles[i % 4], "content": f"message {i}: " + "lorem ipsum dolor sit amet " * 12
         + "\nsecond line"}
        for i in range(count)
    ]


def huge_lookup(*, messages: int = 0, completion_lines: int = 0, reasoning_bytes: int = 0,
                single_line_bytes: int = 0, cjk: bool = False):
    word = "日本語 テキスト " if cjk else "lorem ipsum "
    completion = "\n".join(f"line {i} " + word * 4 for i in range(completion_lines))
    if single_line_bytes:
        completion = (word * (single_line_bytes // len(word.encode())))
    reasoning = ("thinking about it " * 5 + "\n") * (reasoning_bytes // 91) if reasoning_bytes else None
    return make_lookup({}, {
        "input": {"messages": huge_messages(messages)} if messages else {"prompt": "p"},
        "output": {"completion": completion or None, "reasoning": reasoning},
    })


def calibrate() -> float:
    start = time.thread_time()
    total = 0
    for number in range(10_000_000):
        total += number
    return time.thread_time() - start


class HostApp(App):
    def compose(self) -> ComposeResult:
        yield ContentViewer(id="viewer")


class StallMeter:
    """Records the longest gap between ticks of a 2 ms asyncio ticker: in wall time, and in
    CPU time of the event-loop thread (the part of a stall that is our own work, not the OS
    scheduling other processes on a busy machine)."""

    def __init__(self) -> None:
        self.worst = 0.0
        self.worst_cpu = 0.0
        self._task: asyncio.Task | None = None

    async def _tick(self) -> None:
        last, last_cpu = time.perf_counter(), time.thread_time()
        while True:
            await asyncio.sleep(0.002)
            now, now_cpu = time.perf_counter(), time.thread_time()
            self.worst = max(self.worst, now - last)
            self.worst_cpu = max(self.worst_cpu, now_cpu - last_cpu)
            last, last_cpu = now, now_cpu

    def __enter__(self) -> StallMeter:
        self._task = asyncio.ensure_future(self._tick())
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()


class PaintMeter:
    """Notes when a LazyText first paints real content (more than one line), and when it
    paints its last row."""

    at: float | None = None
    last_row_at: float | None = None

    def __enter__(self) -> PaintMeter:
        original = self._original = LazyText.render_line
        meter = self

        def render_line(view: LazyText, y: int):
            if meter.at is None and view.line_count > 1 and view.row_count > 1:
                meter.at = time.perf_counter()
            if view.row_count > 1 and view.scroll_offset.y + y == view.row_count - 1:
                meter.last_row_at = time.perf_counter()
            return original(view, y)

        LazyText.render_line = render_line  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        LazyText.render_line = self._original  # type: ignore[method-assign]


async def measure(app: HostApp, pilot, label: str, action: Callable[[], None],
                  tab_index: int) -> None:
    viewer = app.query_one(ContentViewer)
    with StallMeter() as meter, PaintMeter() as paint:
        start = time.perf_counter()
        action()
        call = time.perf_counter() - start
        while paint.at is None and time.perf_counter() - start < 10:
            await asyncio.sleep(0.002)
        first = (paint.at or time.perf_counter()) - start
        texts = [t for t in app.query(LazyText) if t.display and t.parent.display]
        while any(t.indexing for t in texts) or app.workers:
            await asyncio.sleep(0.005)
        indexed = time.perf_counter() - start
        await asyncio.sleep(0.02)
    rows = sum(t.row_count for t in texts)
    with PaintMeter() as end_paint:
        end_start = time.perf_counter()
        for text in texts:
            text.scroll_end(animate=False, immediate=True)
        while end_paint.last_row_at is None and time.perf_counter() - end_start < 10:
            await asyncio.sleep(0.002)
        to_end = (end_paint.last_row_at or time.perf_counter()) - end_start
    print(f"{label:<36} call {call * 1000:5.1f} ms | first screen {first * 1000:6.1f} ms | worst stall "
          f"{meter.worst * 1000:6.1f} ms (cpu {meter.worst_cpu * 1000:5.1f}) | index done {indexed * 1000:7.1f} ms | "
          f"{rows:>8,} rows | End painted {to_end * 1000:5.1f} ms | tab {viewer.current_tab_title()}")


def markdown_completion(size: int) -> str:
    """Typical LLM Markdown: headings, paragraphs, lists and code blocks, about `size` chars."""
    section = (
        "## Section\n\nSome **bold** and *italic* text with `code` and a [link](https://x.y).\n\n"
        "- item one\n- item two\n  - nested\n\n```python\ndef f(x):\n    return x * 2\n```\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n"
    )
    return section * (size // len(section))


async def measure_markdown(app: HostApp, pilot, size: int) -> None:
    viewer = app.query_one(ContentViewer)
    viewer.activate_tab(1)
    await pilot.pause()
    lookup = make_lookup({}, {"input": {"prompt": "p"},
                              "output": {"completion": markdown_completion(size)}})
    view = app.query_one("#completion-text", LazyText)
    with StallMeter() as meter:
        start = time.perf_counter()
        viewer.show(lookup)
        while view._prerendered is None and time.perf_counter() - start < 30:
            await asyncio.sleep(0.002)
        done = time.perf_counter() - start
        await asyncio.sleep(0.02)
    print(f"{size // 1024} KB Markdown completion (rendered)  raw text first, Markdown after "
          f"{done * 1000:7.1f} ms | worst stall {meter.worst * 1000:6.1f} ms "
          f"(cpu {meter.worst_cpu * 1000:5.1f}) | {view.row_count:,} rows")


async def main() -> None:
    # Lookups are built per case (and dropped after), as the app holds one lookup at a time.
    cases = [
        ("3,000 messages", lambda: huge_lookup(messages=3000), 0),
        ("200,000-line completion (raw text)", lambda: huge_lookup(completion_lines=200_000), 1),
        ("1 MB reasoning", lambda: huge_lookup(reasoning_bytes=1_000_000), 2),
        ("single 1 MB line (completion)", lambda: huge_lookup(single_line_bytes=1_000_000), 1),
        ("single 1 MB CJK line (completion)",
         lambda: huge_lookup(single_line_bytes=1_000_000, cjk=True), 1),
    ]
    app = HostApp()
    print(f"calibration: a 10M-iteration Python loop takes {calibrate():.2f} s CPU here "
          "(a typical laptop: about 0.4 s); os.getloadavg() =", os.getloadavg())
    async with app.run_test(size=SIZE) as pilot:
        viewer = app.query_one(ContentViewer)
        with StallMeter() as idle:
            await asyncio.sleep(1.0)
        print(f"noise floor: worst stall of an idle app over 1 s: {idle.worst * 1000:.1f} ms "
              f"(cpu {idle.worst_cpu * 1000:.1f})")
        for label, make, tab in cases:
            viewer.activate_tab(tab)
            viewer.clear()
            await pilot.pause()
            lookup = make()
            await measure(app, pilot, label, lambda lookup=lookup: viewer.show(lookup), tab)
            del lookup
        for size in (8 * 1024, 64 * 1024):
            await measure_markdown(app, pilot, size)
        viewer.clear()
        await pilot.pause()
        everything = huge_lookup(messages=3000, completion_lines=200_000, reasoning_bytes=1_000_000)
        viewer.activate_tab(0)
        await pilot.pause()
        await measure(app, pilot, "all at once: show() on Messages", lambda: viewer.show(everything), 0)
        for index, name in enumerate(["Completion", "Reasoning", "Raw JSON"], start=1):
            await measure(app, pilot, f"all at once: switch to {name}",
                          lambda index=index: viewer.activate_tab(index), index)


if __name__ == "__main__":
    asyncio.run(main())
