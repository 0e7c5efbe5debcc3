"""/reingest in server mode, as docker-compose runs the bot: the re-ingest writes to the Chroma server the bot reads
from (a real `chroma run`), never to a local index in the shared store folder.

The bug this guards against: the bot's re-ingest once opened its writer without the server settings, so a local
`chroma/` appeared in the store folder, the health check re-embedded the whole catalogue into it, and the bot went
on answering from the server without the new articles.
"""

from __future__ import annotations

import pytest

from gazette.cli import sample_archive_path
from tests.bot.conftest import running
from tests.bot.fake_discord import ALICE, BOB
from tests.bot.helpers import command_reply, edit_original, make_bot, reader_over_new_store, write_sources
from tests.chroma_server import chroma_server

pytestmark = pytest.mark.slow

COLLECTION = "bot-server"


async def test_reingest_in_server_mode_adds_the_articles_to_the_servers_collection(
        fake_discord, tmp_path, embedder, feedback):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    lines = sample_archive_path().read_text(encoding="utf-8").splitlines()
    kursk = [line for line in lines if "8,000 North Korean" in line]
    (tmp_path / "wire.jsonl").write_text("\n".join(lines[:5] + kursk) + "\n", encoding="utf-8")
    sources = write_sources(tmp_path, {"wire": tmp_path / "wire.jsonl"})
    store = tmp_path / "store"
    with chroma_server(tmp_path / "chroma-data") as (host, port):
        server = chromadb.HttpClient(host=host, port=port, settings=ChromaSettings(anonymized_telemetry=False))
        reader = reader_over_new_store(store, embedder, sources, collection=COLLECTION, chroma_host=host,
                                       chroma_port=port)
        bot = make_bot(reader, feedback)
        fake = fake_discord
        try:
            before = server.get_collection(COLLECTION).count()
            async with running(bot):
                token = await fake.slash("reingest", {}, user=ALICE)
                done = await fake.wait_for(edit_original(token, "✅"), timeout=120)
                ask = await fake.slash("ask", {"question": "How many North Korean troops are in Kursk?"}, user=BOB)
                answered = await fake.wait_for(command_reply(ask))
            after = server.get_collection(COLLECTION).count()
            local = reader.archive.counts()
        finally:
            reader.close()
    assert f"{len(lines[:5] + kursk)} added" in done.content, done.content
    # The new chunks are on the server the bot reads from...
    assert before == 0 and after > len(kursk) and local.chunks == after
    # ...no index was made in the shared store folder...
    assert not (store / "chroma").exists(), "the re-ingest wrote a local index beside the server's"
    # ...and the bot answers from them at once.
    assert "8,000" in answered.content
