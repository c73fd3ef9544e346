"""Building the chat model NEWSBOT_LLM names, through LangChain's init_chat_model.

Only imported when an LLM is configured: langchain and the provider packages are
optional extras (pip install 'newsbot[openai]', '[anthropic]', '[ollama]').
Keys come from each provider's usual environment variables (OPENAI_API_KEY,
ANTHROPIC_API_KEY, …), read by the provider's own client.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from config import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

# The extra that installs each provider's LangChain package.
EXTRAS = {"openai": "openai", "anthropic": "anthropic", "ollama": "ollama"}


def chat_model(settings: Settings) -> BaseChatModel:
    """The configured chat model; raises with the pip command when its package is missing."""
    try:
        from langchain.chat_models import init_chat_model
    except ImportError as error:
        raise ImportError("NEWSBOT_LLM is set but langchain is not installed: pip install 'newsbot[openai]'") from error
    provider, _, name = settings.llm.partition(":")
    if not name:  # "gpt-4o-mini": init_chat_model infers the provider; with a base URL it is an OpenAI-style server
        provider, name = ("openai" if settings.llm_base_url else ""), settings.llm
    options: dict = {"temperature": 0, "timeout": settings.llm_timeout_s, "max_retries": 1}
    if provider == "ollama":
        # ChatOllama has no timeout or retry fields; its httpx client takes the timeout.
        options = {"temperature": 0, "client_kwargs": {"timeout": settings.llm_timeout_s}}
    if settings.llm_base_url:
        options["base_url"] = settings.llm_base_url
        if provider == "openai" and not os.environ.get("OPENAI_API_KEY"):
            options["api_key"] = "local"  # a local server needs no key, but the client insists on one
    try:
        return init_chat_model(name, model_provider=provider or None, **options)
    except ImportError as error:
        extra = EXTRAS.get(provider, provider)
        raise ImportError(f"NEWSBOT_LLM={settings.llm} needs its provider package: pip install 'newsbot[{extra}]'") from error
