"""The baseline of `show_vs_sdk`: the official `openrouter` SDK fetching one generation's
metadata and content and printing both as JSON — the script a user would write instead of
`modelgates-explorer show ID --json`.

    python benchmarks/sdk_show.py BASE_URL GENERATION_ID
"""

from __future__ import annotations

import sys

from openrouter import OpenRouter
from openrouter.utils import RetryConfig

base_url, generation_id = sys.argv[1], sys.argv[2]
with OpenRouter(api_key="bench-key-0123456789", server_url=base_url,
                retry_config=RetryConfig("none", None, False)) as sdk:
    generation = sdk.generations.get_generation(id=generation_id)
    content = sdk.generations.list_generation_content(id=generation_id)
print(generation.data.model_dump_json(indent=2))
print(content.data.model_dump_json(indent=2))
