"""The store as a LangChain retriever, for LangChain users who bring their own chain.

    from config import Settings
    from retrieval import Newsbot
    from retrieval.langchain_retriever import NewsbotRetriever
    retriever = NewsbotRetriever(newsbot=Newsbot(Settings()), k=4)
    docs = retriever.invoke("What did Oliveira say about the budget?")

Each Document is one passage: its text as `page_content`; the source id, title, url,
published date, place, passage id and the passage's statements in `metadata`. The
ranking is the bot's own (dense and BM25 fused, with speaker and date narrowing).
"""

from __future__ import annotations

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, Field

from retrieval.newsbot import Newsbot


class NewsbotRetriever(BaseRetriever):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    newsbot: Newsbot
    k: int = Field(4, ge=1)

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [
            Document(
                page_content=passage.text,
                id=passage.passage_id,
                metadata={
                    "source_id": passage.source_id,
                    "passage_id": passage.passage_id,
                    "title": passage.title,
                    "url": passage.url,
                    "published": passage.published,
                    "place": passage.place,
                    "statements": [s.model_dump(include=_STATEMENT_FIELDS) for s in statements],
                },
            )
            for passage, statements in self.newsbot.retrieve(query, self.k)
        ]


_STATEMENT_FIELDS = {"speaker", "role", "content", "kind", "date", "date_assumed", "place"}
