"""Optional LLM answers, held to verified citations (NEWSBOT_LLM).

`composer.LLMComposer` asks a LangChain chat model for an answer from the same ranked
evidence the extractive composer uses; `check` holds each sentence to the sources it
cites. Importing this package imports no langchain: only `model` does, and
only when an LLM is configured.
"""
