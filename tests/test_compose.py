"""docker-compose.yml and the Dockerfile, checked without Docker: structure, commands, settings, volumes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from gazette.cli import build_parser
from gazette.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def gazette_services(compose: dict) -> dict:
    return {name: svc for name, svc in compose["services"].items() if svc.get("image", "").startswith("gazette")}


def is_setting(variable: str) -> bool:
    """Does GAZETTE_<GROUP>__<FIELD> (or GAZETTE_<FIELD>) name a field of Settings?"""
    if not variable.startswith("GAZETTE_"):
        return False
    model: type = Settings
    parts = variable.removeprefix("GAZETTE_").lower().split("__")
    for i, part in enumerate(parts):
        field = model.model_fields.get(part)  # type: ignore[attr-defined]
        if field is None:
            return False
        if i < len(parts) - 1:
            model = field.annotation  # type: ignore[assignment]
            if not hasattr(model, "model_fields"):
                return False
    return not hasattr(model.model_fields[parts[-1]].annotation, "model_fields")  # type: ignore[attr-defined]


@pytest.mark.parametrize(("variable", "real"), [
    ("GAZETTE_STORE__CHROMA_HOST", True), ("GAZETTE_LOG_LEVEL", True), ("GAZETTE_STORE", False),
    ("GAZETTE_STORE__CHROMA_HOSTS", False), ("GAZETTE_NOPE__PATH", False), ("CHROMA_HOST", False),
])
def test_is_setting(variable, real):
    assert is_setting(variable) is real


def test_services_profiles_and_health_checks(compose):
    services = compose["services"]
    assert {"chroma", "bot", "ingest", "ollama"} <= set(services)
    assert services["chroma"]["image"].startswith("chromadb/chroma:")
    assert services["ingest"]["profiles"] == ["ingest"] and services["ollama"]["profiles"] == ["ollama"]
    assert "profiles" not in services["bot"] and "profiles" not in services["chroma"]
    for name in ("chroma", "bot", "ollama"):
        check = services[name]["healthcheck"]["test"]
        assert check[0] in {"CMD", "CMD-SHELL"} and len(check) > 1, name
    assert "/api/v2/heartbeat" in " ".join(services["chroma"]["healthcheck"]["test"])


def test_chroma_image_matches_the_client():
    import chromadb

    tag = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["chroma"]["image"].split(":")[1]
    assert tag == chromadb.__version__


def test_gazette_services_wait_for_chroma_and_read_env(compose):
    services = gazette_services(compose)
    assert {"bot", "ingest"} <= set(services)
    for name, svc in services.items():
        assert svc["depends_on"]["chroma"]["condition"] == "service_healthy", name
        assert [f["path"] for f in svc["env_file"]] == [".env"], name
        assert svc["environment"]["GAZETTE_STORE__CHROMA_HOST"] == "chroma", name


def commands(compose: dict) -> list[tuple[str, list[str]]]:
    """Each gazette command the compose file runs: service commands and `gazette ...` health checks."""
    found = []
    for name, svc in gazette_services(compose).items():
        found.append((name, list(svc["command"])))
        test = svc.get("healthcheck", {}).get("test", [])
        if test[:2] == ["CMD", "gazette"]:
            found.append((f"{name} healthcheck", test[2:]))
    return found


def test_every_command_is_a_gazette_subcommand_the_parser_accepts(compose):
    parser = build_parser()
    subcommands = set(parser._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    found = commands(compose)
    assert ("ingest", ["ingest", "--all", "--every", "30m"]) in found
    for where, argv in found:
        if argv[0] == "bot" and "bot" not in subcommands:
            continue  # `gazette bot` comes with the bot branch; checked as soon as the parser has it
        assert argv[0] in subcommands, f"{where}: no `gazette {argv[0]}`"
        try:
            args = parser.parse_args(argv)
        except SystemExit:
            pytest.fail(f"{where}: `gazette {' '.join(argv)}` is refused by the parser")
        assert args.command == argv[0]
        if getattr(args, "every", None):
            from ingest.schedule import parse_duration

            assert parse_duration(args.every) > 0


def test_every_gazette_variable_is_a_setting(compose):
    for name, svc in compose["services"].items():
        for variable in svc.get("environment", {}):
            if variable.startswith("GAZETTE_"):
                assert is_setting(variable), f"{name}: {variable} is not a Gazette setting"
    text = (ROOT / "docker-compose.yml").read_text()
    for variable in re.findall(r"GAZETTE_[A-Z0-9_]+", text):  # also those named in comments
        assert is_setting(variable), f"docker-compose.yml names {variable}, which is not a setting"


def test_named_volumes_are_declared(compose):
    declared = set(compose.get("volumes") or {})
    used = set()
    for svc in compose["services"].values():
        for volume in svc.get("volumes", []):
            source = volume.split(":")[0]
            if not source.startswith((".", "/", "~")):
                used.add(source)
    assert used and used <= declared, f"undeclared volumes: {used - declared}"
    assert "chroma-data" in used and "gazette-data" in used


def test_dockerfile_installs_pinned_cpu_torch_first_then_the_package():
    steps = [line for line in (ROOT / "Dockerfile").read_text().splitlines() if line.startswith(("RUN", "COPY"))]
    torch = next(i for i, s in enumerate(steps) if "torch==" in s)
    package = next(i for i, s in enumerate(steps) if re.search(r'pip install (\.|"\.\[[a-z,]+\]")(\s|$)', s))
    assert torch < package
    pin = re.search(r'"torch==([^"]+)"', (ROOT / "pyproject.toml").read_text()).group(1)
    assert f"torch=={pin}" in steps[torch] and "/whl/cpu" in steps[torch]
    for step in steps:
        if step.startswith("COPY"):
            for source in step.split()[1:-1]:
                assert (ROOT / source).exists(), f"Dockerfile copies {source}, which does not exist"
