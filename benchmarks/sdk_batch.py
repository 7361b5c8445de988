"""The baseline of the batch benchmarks: the official `openrouter` SDK's asyncio client looking
up every ID in a file (both answers of each, concurrently), at most N IDs in flight, printing one
JSON line per ID — what a user would write with the SDK instead of `modelgates-explorer batch`.

    python benchmarks/sdk_batch.py BASE_URL IDS_FILE CONCURRENCY
"""

from __future__ import annotations

import asyncio
import sys


async def main(base_url: str, ids: list[str], concurrency: int) -> int:
    from openrouter import OpenRouter
    from openrouter.utils import RetryConfig

    gate = asyncio.Semaphore(concurrency)
    failed = 0
    async with OpenRouter(api_key="bench-key-0123456789", server_url=base_url,
                          retry_config=RetryConfig("none", None, False)) as sdk:

        async def lookup(generation_id: str) -> None:
            nonlocal failed
            async with gate:
                try:
                    generation, content = await asyncio.gather(
                        sdk.generations.get_generation_async(id=generation_id),
                        sdk.generations.list_generation_content_async(id=generation_id))
                except Exception as error:  # noqa: BLE001 — counted, as the explorer counts its failures
                    failed += 1
                    print(f'{{"id": "{generation_id}", "ok": false, "error": "{type(error).__name__}"}}')
                    return
            print('{"id": "%s", "ok": true, "generation": %s, "content": %s}' % (
                generation_id, generation.data.model_dump_json(), content.data.model_dump_json()))

        await asyncio.gather(*(lookup(generation_id) for generation_id in ids))
    return 1 if failed else 0


if __name__ == "__main__":
    base, path, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(path, encoding="utf-8") as handle:
        wanted = [line.strip() for line in handle if line.strip()]
    sys.exit(asyncio.run(main(base, wanted, limit)))
