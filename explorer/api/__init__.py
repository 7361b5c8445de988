"""The ModelGates Generations service: models, typed errors and the async client (no textual)."""

from explorer.api.client import DEFAULT_BASE_URL, GenerationsClient, Lookup, RetryPolicy
from explorer.api.errors import ApiError
from explorer.api.models import Generation, GenerationContent, ProviderAttempt

__all__ = [
    "DEFAULT_BASE_URL",
    "ApiError",
    "Generation",
    "GenerationContent",
    "GenerationsClient",
    "Lookup",
    "ProviderAttempt",
    "RetryPolicy",
]
