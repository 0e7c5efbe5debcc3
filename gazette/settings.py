"""Gazette's settings: nested groups read from GAZETTE_* environment variables (``__`` nests).

Settings are built by entry points (``get_settings()``), never at import time, and passed down.
Example: ``GAZETTE_STORE__PATH=/srv/gazette`` or ``GAZETTE_LLM__PROVIDER=openai``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_STORE = Path.home() / ".local" / "share" / "gazette" / "store"


class _Group(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StoreSettings(_Group):
    path: Path = Field(DEFAULT_STORE, description="Folder of the on-disk archive (Chroma index and article database).")
    collection: str = Field("gazette", min_length=3, description="Chroma collection name (at least 3 characters).")


class EmbeddingSettings(_Group):
    backend: Literal["onnx", "torch"] = Field(
        "onnx",
        description="How the embedding model runs: 'onnx' (int8 through ONNX Runtime, exported once per machine; "
        "faster, and starts without torch) or 'torch' (sentence-transformers, the reference). Their vectors are "
        "interchangeable.",
    )
    batch_size: int = Field(32, ge=1, le=1024, description="Texts per embedding batch.")
    max_tokens: int = Field(
        250, ge=32, le=256, description="Token window of a chunk, title and date included (MiniLM reads 256)."
    )
    threads: int = Field(0, ge=0, le=256, description="CPU threads for the onnx backend (0: every available core).")
    quantize: bool = Field(
        True, description="onnx backend: int8 weights (faster, cosine >= 0.98 to torch); false keeps fp32."
    )
    cache_dir: Path | None = Field(
        None,
        description="Folder for the exported ONNX model (default: $XDG_CACHE_HOME/gazette/onnx, else "
        "~/.cache/gazette/onnx).",
    )

    @field_validator("cache_dir", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value


class RetrievalSettings(_Group):
    k: int = Field(6, ge=1, le=50, description="Chunks handed to the answerer.")
    candidates: int = Field(30, ge=1, le=500, description="Chunks fetched from the index before ranking.")


class AnswerSettings(_Group):
    min_support: float = Field(
        0.45, ge=0.0, le=1.0, description="Lowest sentence support score the offline answerer accepts; below it, abstain."
    )
    max_sentences: int = Field(2, ge=1, le=5, description="Most sentences in an offline (extractive) answer.")


class LLMSettings(_Group):
    provider: Literal["extractive", "openai", "ollama"] = Field(
        "extractive",
        description="Answerer: 'extractive' (offline, no model), 'openai' (any OpenAI-compatible endpoint) or 'ollama'.",
    )
    model: str = Field("gpt-4o-mini", description="Chat model name at the provider.")
    base_url: str | None = Field(
        None, description="Endpoint URL, e.g. http://localhost:8000/v1 (vLLM, llama.cpp, LM Studio) or Ollama's URL."
    )
    api_key: SecretStr = Field(SecretStr(""), description="API key for the endpoint (empty for local servers).")
    temperature: float = Field(0.0, ge=0.0, le=2.0, description="Sampling temperature.")
    timeout_s: float = Field(60.0, gt=0, description="Seconds before a model call is abandoned.")
    prompt: str = Field("answer", description="Prompt template name in prompts/ (without .txt) or a file path.")

    @field_validator("base_url", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="GAZETTE_",
        env_nested_delimiter="__",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="forbid",
    )

    store: StoreSettings = Field(default_factory=StoreSettings, description="The archive on disk.")
    embedding: EmbeddingSettings = Field(default_factory=EmbeddingSettings, description="The embedding model.")
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings, description="Search.")
    answer: AnswerSettings = Field(default_factory=AnswerSettings, description="The offline answerer.")
    llm: LLMSettings = Field(default_factory=LLMSettings, description="The generative answerer.")
    log_level: str = Field("WARNING", description="Logging level for the CLI and the bot.")


def get_settings(**overrides: object) -> Settings:
    """Build settings from the environment (and .env); keyword overrides win."""
    return Settings(**overrides)  # type: ignore[arg-type]
