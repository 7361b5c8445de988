"""Live capture: generation IDs taken from the traffic (the recording proxy) or from logs (the
follower), looked up as soon as their stats are ready and saved in the history.

- :mod:`explorer.capture.proxy` — `RecordingProxy` (aiohttp), forwards and sniffs IDs;
- :mod:`explorer.capture.follow` — `LogFollower`, ``tail -F`` for a file, and `stdin_lines`;
- :mod:`explorer.capture.recorder` — `CaptureRecorder`, the record → look up → save pipeline;
- :mod:`explorer.capture.worker` — `LookupWorker`, that pipeline in a child process (the proxy's);
- :mod:`explorer.capture.sniff` — the ID of a JSON body, of an SSE stream, of a log line;
- :mod:`explorer.capture.commands` — the headless `proxy` and `capture --follow` commands
  (their arguments: :mod:`explorer.capture.arguments`).
"""
