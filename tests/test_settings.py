from pathlib import Path

import pytest
from pydantic import ValidationError

from gazette.settings import Settings


def test_env_nesting_and_secret(monkeypatch):
    monkeypatch.setenv("GAZETTE_STORE__PATH", "/tmp/somewhere")
    monkeypatch.setenv("GAZETTE_LLM__PROVIDER", "openai")
    monkeypatch.setenv("GAZETTE_LLM__API_KEY", "sk-secret")
    monkeypatch.setenv("GAZETTE_RETRIEVAL__K", "9")
    s = Settings(_env_file=None)
    assert s.store.path == Path("/tmp/somewhere")
    assert s.llm.provider == "openai"
    assert s.retrieval.k == 9
    assert "sk-secret" not in repr(s) and s.llm.api_key.get_secret_value() == "sk-secret"


def test_misspelt_or_invalid_values_are_rejected(monkeypatch):
    monkeypatch.setenv("GAZETTE_LLM__PROVIDR", "openai")
    with pytest.raises(ValidationError):
        Settings(_env_file=None)
    monkeypatch.delenv("GAZETTE_LLM__PROVIDR")
    monkeypatch.setenv("GAZETTE_RETRIEVAL__K", "0")
    with pytest.raises(ValidationError):
        Settings(_env_file=None)


def test_every_field_has_a_description_and_env_example_lists_it():
    example = (Path(__file__).resolve().parents[1] / ".env.example").read_text()
    missing = []

    def walk(model, prefix):
        for name, field in model.model_fields.items():
            assert field.description, f"{prefix}{name} has no description"
            ann = field.annotation
            if isinstance(ann, type) and hasattr(ann, "model_fields"):
                walk(ann, f"{prefix}{name.upper()}__")
            elif f"{prefix}{name.upper()}=" not in example:
                missing.append(f"{prefix}{name.upper()}")

    walk(Settings, "GAZETTE_")
    assert not missing, f".env.example lacks {missing}"


def test_env_example_names_only_real_settings():
    """A variable .env.example lists but Settings lacks would make a copied .env refuse to start."""
    import re

    example = (Path(__file__).resolve().parents[1] / ".env.example").read_text()
    listed = re.findall(r"^#?\s*(GAZETTE_[A-Z0-9_]+)=", example, re.M)
    assert listed
    values = {}
    for name in listed:
        *groups, field = name.removeprefix("GAZETTE_").lower().split("__")
        values.setdefault(tuple(groups), set()).add(field)
    for groups, fields in values.items():
        model = Settings
        for g in groups:
            model = model.model_fields[g].annotation
        assert fields <= set(model.model_fields), f"{groups}: {sorted(fields - set(model.model_fields))}"
