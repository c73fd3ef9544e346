"""End to end: the real OpenAI-compatible client (langchain-openai, chosen by NEWSBOT_LLM and pointed
at NEWSBOT_LLM_BASE_URL) talks to a server on 127.0.0.1 (tests/openai_server.py), streaming included."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys

import pytest

from config import Settings
from retrieval import Newsbot
from tests.bot_fixtures import ARTICLE
from tests.conftest import ROOT
from tests.openai_server import Script, openai_server

QUESTION = "When will the new Lisbon airport open?"
CHECKED = (
    "Portugal's transport minister Miguel Pinto Luz said the new Lisbon airport at Alcochete will open in 2034, "
    'four years earlier than planned [1]. "We will not wait another decade for an airport the country needs today," '
    "Pinto Luz told reporters [1]."
)
INVENTED = 'Pedro Nuno Santos said: "This airport will never fly." [1]'


@pytest.fixture(scope="module")
def lisbon_dir(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("lisbon")
    report = Newsbot(Settings(_env_file=None, data_dir=data_dir)).ingest_text(
        ARTICLE, title="Lisbon airport to open in 2034", url="https://news.example/lisbon-airport"
    )
    assert report.ok and report.new
    return data_dir


def llm_newsbot(data_dir, base_url: str, **settings) -> Newsbot:
    return Newsbot(Settings(_env_file=None, data_dir=data_dir, llm="openai:newsbot-test", llm_base_url=base_url, **settings))


def test_the_openai_client_streams_a_checked_answer_from_a_local_server(lisbon_dir):
    script = Script([CHECKED])
    with openai_server(script) as url:
        newsbot = llm_newsbot(lisbon_dir, url)
        *drafts, answer = list(newsbot.ask_stream(QUESTION))

    assert type(newsbot.llm.model).__name__ == "ChatOpenAI"
    [request] = script.requests
    assert request["model"] == "newsbot-test" and request["stream"] is True
    system, human = request["messages"]
    assert system["role"] == "system" and "[1]" in system["content"]
    assert human["content"].startswith(f"Question: {QUESTION}") and "[1] Lisbon airport to open in 2034" in human["content"]
    assert "speaker: Pedro Nuno Santos" in human["content"]
    assert drafts == [CHECKED.split(" [1]. ")[0] + " [1]."]  # the first sentence, once it was complete
    assert answer.composer == "llm" and answer.answer == CHECKED and answer.dropped == []
    assert answer.citations[0].url == "https://news.example/lisbon-airport"
    assert "We will not wait another decade" in answer.citations[0].quote


def test_a_bare_model_name_with_a_base_url_is_served_by_that_server(lisbon_dir):
    script = Script([CHECKED])
    with openai_server(script) as url:
        newsbot = Newsbot(Settings(_env_file=None, data_dir=lisbon_dir, llm="llama3.1", llm_base_url=url))
        answer = newsbot.ask(QUESTION)

    assert [r["model"] for r in script.requests] == ["llama3.1"]
    assert answer.composer == "llm" and answer.answer == CHECKED


def test_a_server_error_falls_back_to_the_extractive_answer_with_a_warning(lisbon_dir, caplog):
    with openai_server(Script([500])) as url, caplog.at_level(logging.WARNING, logger="retrieval.llm.composer"):
        answer = llm_newsbot(lisbon_dir, url).ask(QUESTION)

    assert answer.composer == "extractive" and "2034" in answer.answer and answer.citations
    assert any("LLM answer failed" in r.getMessage() and "500" in r.getMessage() for r in caplog.records)


def test_a_server_that_does_not_answer_in_time_falls_back(lisbon_dir, caplog):
    with openai_server(Script([CHECKED], stall_s=3)) as url, caplog.at_level(logging.WARNING):
        answer = llm_newsbot(lisbon_dir, url, llm_timeout_s=1).ask(QUESTION)

    assert answer.composer == "extractive" and "2034" in answer.answer
    assert any("LLM answer failed" in r.getMessage() for r in caplog.records)


def test_ask_json_reports_the_composer_and_the_dropped_sentences(lisbon_dir):
    with openai_server(Script([f"{CHECKED} {INVENTED}"])) as url:
        env = {**os.environ, "NEWSBOT_DATA_DIR": str(lisbon_dir), "NEWSBOT_LLM": "openai:newsbot-test",
               "NEWSBOT_LLM_BASE_URL": url}
        result = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "--json", QUESTION], capture_output=True,
                                text=True, cwd=ROOT, env=env, timeout=120)

    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["composer"] == "llm" and payload["answer"] == CHECKED
    [dropped] = payload["dropped"]
    assert dropped["sentence"] == INVENTED and "not verbatim" in dropped["reason"]
    assert all("never fly" not in c["quote"] for c in payload["citations"])


def test_without_an_llm_nothing_llm_related_is_imported(lisbon_dir):
    code = (
        "import sys; from config import Settings; from retrieval import Newsbot\n"
        f"answer = Newsbot(Settings(_env_file=None, data_dir={str(lisbon_dir)!r})).ask({QUESTION!r})\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in {'langchain', 'langchain_openai', 'openai'}"
        " or m.startswith('retrieval.llm')]\n"
        "print(answer.composer, loaded)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_LLM")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["extractive", "[]"]


def test_a_missing_provider_package_is_reported_with_the_extra_to_install(lisbon_dir):
    pytest.importorskip("langchain")
    if _installed("langchain_anthropic"):
        pytest.skip("langchain-anthropic is installed here")
    with pytest.raises(ImportError, match=r"pip install 'newsbot\[anthropic\]'"):
        Newsbot(Settings(_env_file=None, data_dir=lisbon_dir, llm="anthropic:claude-3-5-haiku-latest"))


def _installed(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None
