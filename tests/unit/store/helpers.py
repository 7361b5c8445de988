"""Builders of generation metadata and content for the store tests."""

from __future__ import annotations

import copy

# A copy of /work/shared/fixtures/real-generation-cancelled-stream.json ("data"): a real answer
# of the live API (it lacks several keys the spec calls required).
REAL_GENERATION = {'created_at': '2026-02-24T21:19:33.705Z',
 'model': 'meta-llama/llama-4-scout-17b-16e-instruct',
 'app_id': 2872617,
 'external_user': None,
 'streamed': True,
 'cancelled': True,
 'latency': 1016,
 'moderation_latency': None,
 'generation_time': 2940,
 'tokens_prompt': 65,
 'tokens_completion': 116,
 'native_tokens_prompt': 64,
 'native_tokens_completion': 98,
 'native_tokens_completion_images': None,
 'native_tokens_reasoning': 0,
 'native_tokens_cached': 0,
 'num_media_prompt': None,
 'num_input_audio_prompt': None,
 'num_media_completion': 0,
 'num_search_results': None,
 'origin': 'https://github.com/wvanderp/Trick-question-bench',
 'is_byok': False,
 'finish_reason': None,
 'native_finish_reason': None,
 'usage': 3.452e-05,
 'router': None,
 'provider_responses': [{'endpoint_id': '9cf05ded-eefe-41b4-8c08-0c6460feffea',
                         'id': 'chatcmpl-RpyL88Ca8K6TiYlxBWgZcDml',
                         'is_byok': False,
                         'latency': 420,
                         'model_permaslug': 'meta-llama/llama-4-scout-17b-16e-instruct',
                         'provider_name': 'DeepInfra',
                         'status': 200}],
 'api_type': 'completions',
 'id': 'gen-1771967973-0hZ8J5kY7qLMOKbPx0u3',
 'upstream_id': 'chatcmpl-RpyL88Ca8K6TiYlxBWgZcDml',
 'total_cost': 3.452e-05,
 'cache_discount': None,
 'upstream_inference_cost': 0,
 'provider_name': 'DeepInfra'}


def real_generation() -> dict:
    """The real cancelled-stream generation (a fresh copy)."""
    return copy.deepcopy(REAL_GENERATION)


def make_generation(i: int, **overrides) -> dict:
    """A plausible generation numbered ``i``; keyword arguments replace/add keys."""
    generation = {
        "id": f"gen-{i:05d}",
        "created_at": f"2026-01-01T00:{i // 60 % 60:02d}:{i % 60:02d}.000Z",
        "model": "openai/gpt-4o",
        "provider_name": "OpenAI",
        "api_type": "completions",
        "total_cost": 0.001 * i,
        "tokens_prompt": 10 * i,
        "tokens_completion": 5,
        "native_tokens_reasoning": 0,
        "latency": 100 + i,
        "generation_time": 1000,
        "finish_reason": "stop",
        "cancelled": False,
        "session_id": None,
        "request_id": f"req-{i:05d}",
        "provider_responses": [
            {"provider_name": "OpenAI", "status": 200, "latency": 90, "model_permaslug": "openai/gpt-4o",
             "is_byok": False, "endpoint_id": "ep", "id": f"up-{i}"}
        ],
    }
    generation.update(overrides)
    return generation


def make_content(completion: str = "Hello there.", *messages: str, reasoning: str | None = None) -> dict:
    """A chat content with user ``messages`` (default one greeting) and a completion."""
    texts = messages or ("Say hello.",)
    return {
        "input": {"messages": [{"role": "user", "content": text} for text in texts]},
        "output": {"completion": completion, "reasoning": reasoning},
    }
