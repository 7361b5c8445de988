"""`LogFollower`: tail -F for a log that grows, rotates and is truncated. Its sleep is the test's
script: each time the follower has read everything and waits, the next step changes the file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from explorer.capture.follow import LogFollower


def append(path: Path, text: str) -> Callable[[], None]:
    def step() -> None:
        with path.open("a", encoding="utf-8") as file:
            file.write(text)
    return step


def replace(path: Path, text: str) -> Callable[[], None]:
    def step() -> None:
        path.write_text(text, encoding="utf-8")  # truncates, same file (same inode)
    return step


async def follow(path: Path, steps: list[Callable[[], None]], **options) -> tuple[list[str], LogFollower]:
    """Every line the follower yields while `steps` run one per sleep; it stops after the last."""
    script = list(steps)

    async def sleep(_seconds: float) -> None:
        if script:
            script.pop(0)()
        else:
            follower.stop()

    follower = LogFollower(path, sleep=sleep, **options)
    return [line async for line in follower], follower


async def test_reads_only_new_lines_and_survives_rotation_and_truncation(tmp_path):
    log = tmp_path / "app.log"
    log.write_text("before start gen-1-old\n")

    def rotate() -> None:
        log.rename(tmp_path / "app.log.1")
        append(tmp_path / "app.log.1", "c written to the old file after the rename\n")()
        log.write_text("d first line of the new file\n")

    lines, follower = await follow(log, [
        append(log, "a one\n"),
        append(log, "b half"),
        append(log, " and the rest\n"),
        rotate,
        append(log, "e\n"),
        replace(log, "f\n"),
    ])
    assert lines == ["a one", "b half and the rest", "c written to the old file after the rename",
                     "d first line of the new file", "e", "f"]
    assert (follower.rotations, follower.truncations) == (1, 1)


async def test_from_start_reads_what_is_there(tmp_path):
    log = tmp_path / "app.log"
    log.write_text("one\r\ntwo\n")
    lines, _ = await follow(log, [append(log, "three\n")], from_start=True)
    assert lines == ["one", "two", "three"]


async def test_waits_for_a_missing_file_and_reads_it_whole(tmp_path):
    log = tmp_path / "later.log"
    lines, _ = await follow(log, [lambda: None, append(log, "first\n"), append(log, "second\n")])
    assert lines == ["first", "second"]


async def test_a_rotation_that_leaves_no_file_for_a_while(tmp_path):
    log = tmp_path / "app.log"
    log.write_text("")
    lines, follower = await follow(log, [
        append(log, "x\n"),
        lambda: log.rename(tmp_path / "app.log.1"),
        lambda: None,  # nothing at the name yet: keep the old file open
        append(log, "y\n"),
    ])
    assert lines == ["x", "y"] and follower.rotations == 1


async def test_an_unfinished_last_line_of_a_rotated_file_is_not_lost(tmp_path):
    log = tmp_path / "app.log"
    log.write_text("")

    def rotate() -> None:
        log.rename(tmp_path / "app.log.1")
        log.write_text("new\n")

    lines, _ = await follow(log, [append(log, "no newline at the end"), rotate])
    assert lines == ["no newline at the end", "new"]


async def test_invalid_utf8_is_replaced_not_fatal(tmp_path):
    log = tmp_path / "app.log"
    log.write_bytes(b"")
    lines, _ = await follow(log, [lambda: log.write_bytes(b"caf\xe9 gen-1-a\n")])
    assert lines == ["caf\ufffd gen-1-a"]
