# Gazette (CLI, ingest and Discord bot) on CPU. Build: docker compose build (see docker-compose.yml).
FROM python:3.12-slim

ENV PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HF_HUB_OFFLINE=1 \
    TOKENIZERS_PARALLELISM=false

# torch first, pinned, from the CPU wheel index: an unpinned torch from PyPI pulls a ~3 GB CUDA build.
RUN pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu

WORKDIR /src
COPY pyproject.toml README.md ./
COPY gazette gazette
COPY ingest ingest
COPY bot bot
COPY prompts prompts
# With the local extra (xllamacpp, a prebuilt CPU wheel): GAZETTE_LLM__PROVIDER=llamacpp runs a GGUF file mounted
# into the container (GAZETTE_LLM__MODEL_PATH).
RUN pip install ".[local]" && rm -rf /src

# An unprivileged user; its data folder (~/.local/share/gazette: the store, the bot's feedback) is a volume.
RUN useradd --create-home --uid 10001 gazette \
    && mkdir -p /home/gazette/.local/share/gazette /config \
    && chown -R gazette:gazette /home/gazette/.local /config
USER gazette
WORKDIR /home/gazette

ENTRYPOINT ["gazette"]
CMD ["--help"]
