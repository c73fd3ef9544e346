"""Statements the rules miss, asked of the LLM as structured output through the real OpenAI client."""

from __future__ import annotations

import json

from config import Settings
from retrieval import Newsbot
from tests.bot_fixtures import ARTICLE
from tests.openai_server import Script, openai_server

# A memo quoted without a speech verb: the rules find no statement here.
MEMO = (
    " date 2025-05-02 Porto, Portugal — The memo from Maria Lopez, chief executive of Norte Textiles, reached staff "
    'on Thursday. Its first line: "We will close the Porto plant in June."\n\nWorkers gathered outside the gates.\n'
)
FOUND = {"speaker": "Maria Lopez", "role": "chief executive of Norte Textiles",
         "content": "We will close the Porto plant in June.", "kind": "direct", "cue": ""}
INVENTED = {"speaker": "Maria Lopez", "role": "", "content": "Every worker will be paid double.", "kind": "direct", "cue": ""}


def test_llm_statements_are_kept_only_when_every_span_is_verbatim(tmp_path):
    assert Newsbot(Settings(_env_file=None, data_dir=tmp_path / "rules")).extract(MEMO) == []
    script = Script([json.dumps({"statements": [FOUND, INVENTED]})])
    with openai_server(script) as url:
        settings = Settings(_env_file=None, data_dir=tmp_path / "store", llm="openai:newsbot-test", llm_base_url=url,
                            llm_extract_statements=True)
        newsbot = Newsbot(settings)
        report = newsbot.ingest_text(MEMO, title="Textile plant to close")

    assert report.statements == 1
    [request] = script.requests
    assert request["response_format"]["type"] == "json_schema" and "Maria Lopez" in request["messages"][0]["content"]
    listing = newsbot.statements_by("Maria Lopez")
    assert [(s.speaker, s.role, s.content) for s in listing.statements] == [
        ("Maria Lopez", "chief executive of Norte Textiles", "We will close the Porto plant in June.")
    ]
    assert "paid double" not in listing.answer
    [stored] = newsbot.store.statements_in([f"{newsbot.sources()[0].source_id}#0"]).values()
    start, end = stored[0].content_span
    body = MEMO.split(" — ", 1)[1]  # the article's text, its dateline read into its date and place
    assert body[start:end] == FOUND["content"]  # offsets into the article text, as the rules give them


def test_passages_the_rules_cover_are_not_sent_to_the_model(tmp_path):
    script = Script([json.dumps({"statements": []})])
    with openai_server(script) as url:
        settings = Settings(_env_file=None, data_dir=tmp_path / "store", llm="openai:newsbot-test", llm_base_url=url,
                            llm_extract_statements=True)
        report = Newsbot(settings).ingest_text(ARTICLE, title="Lisbon airport to open in 2034")

    assert report.statements == 5 and script.requests == []
