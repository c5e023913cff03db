"""A remote provider that goes down while the language server indexes: the server pauses
(saying so once in window/showMessage, in $/progress and in sextant/status) and resumes by
itself when the provider answers again, keeping what it had committed."""

import asyncio
import shutil
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

sys.path.insert(0, str(Path(__file__).parent))
from loopback_embedding_service import Faults, LoopbackEmbeddingService  # noqa: E402
from test_sextant_lsp import BINARY  # noqa: E402

STATE = {}


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(server_command=[BINARY, "lsp"]))
async def client(lsp_client: LanguageClient, tmp_path_factory):
    root = tmp_path_factory.mktemp("pause") / "workspace"
    shutil.copytree(Path(shutil.__file__).parent / "json", root, ignore=shutil.ignore_patterns("__pycache__"))
    faults = Faults(down=True)
    service = LoopbackEmbeddingService(dimension=64, faults=faults).__enter__()
    STATE.update(service=service, faults=faults, root=root)
    params = types.InitializeParams(
        capabilities=types.ClientCapabilities(window=types.WindowClientCapabilities(work_done_progress=True)),
        root_uri=root.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="workspace")],
        initialization_options={
            "indexDir": str(tmp_path_factory.mktemp("pause-index")), "model": "ollama",
            "providerModel": "nomic-embed-text", "providerDimension": 64, "providerEndpoint": service.url,
            "providerTimeoutMs": 500, "providerMaxBatchItems": 4,
            # Failed calls count against the tokens-per-minute budget too (the safe reading of a
            # quota); a generous one keeps this test from waiting out the window after recovery.
            "providerTokensPerMinute": 1000000,
        },
    )
    await lsp_client.initialize_session(params)
    yield lsp_client
    await lsp_client.shutdown_session()
    service.__exit__(None, None, None)


async def eventually(predicate, timeout=90.0):
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        value = await predicate()
        if value:
            return value
        await asyncio.sleep(0.1)
    raise AssertionError("timed out")


def pause_messages(client: LanguageClient):
    return [m.message for m in client.messages if "indexing paused" in m.message]


@pytest.mark.asyncio
async def test_the_server_pauses_once_and_resumes_by_itself(client: LanguageClient):
    async def paused():
        status = await client.protocol.send_request_async("sextant/status", {})
        return status if status.provider and status.provider.state.startswith("paused") else None

    status = await eventually(paused)
    assert status.indexing, "a paused run still counts as indexing"
    assert "server error 503" in status.provider.state
    # The state changes first; the message and the progress report follow it.
    async def told():
        reports = [r.message for rs in client.progress_reports.values() for r in rs if getattr(r, "message", None)]
        return pause_messages(client) and "paused: provider not answering" in reports

    await eventually(told, timeout=10)
    assert len(pause_messages(client)) == 1
    # Several more failed tries later, still one message.
    await asyncio.sleep(3)
    assert len(pause_messages(client)) == 1

    # Searches do not wait for the outage: text search answers, and a semantic one fails at
    # once with the provider's reason.
    lexical = await client.protocol.send_request_async("sextant/search", {"query": "decode", "mode": "lexical"})
    assert lexical.items
    loop = asyncio.get_running_loop()
    started = loop.time()
    with pytest.raises(Exception, match="server error 503"):
        await client.protocol.send_request_async("sextant/search", {"query": "parse a JSON number", "mode": "semantic"})
    assert loop.time() - started < 20

    STATE["faults"].down = False

    async def finished():
        status = await client.protocol.send_request_async("sextant/status", {})
        done = not status.indexing and status.folders and status.folders[0].vectors
        return status if done and status.folders[0].vectors.liveVectors == status.folders[0].chunks else None

    status = await eventually(finished)
    assert status.provider.state == "available" and status.provider.remote
    assert status.coverage == 1
    assert max(STATE["service"].embedded.values()) == 1
    assert any("answers again" in m.message for m in client.log_messages)


@pytest.mark.asyncio
async def test_new_settings_take_over_from_a_paused_run(client: LanguageClient):
    """A run paused by an outage stops when the settings change (here: another endpoint), so
    that the new engine's run is not stuck behind it."""
    service, faults = STATE["service"], STATE["faults"]
    faults.down = True
    root = STATE["root"]
    (root / "added.py").write_text("def freshly_added_function():\n    return 42\n", encoding="utf-8")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=(root / "added.py").as_uri(), type=types.FileChangeType.Created)]))

    async def paused():
        status = await client.protocol.send_request_async("sextant/status", {})
        return status.provider.state.startswith("paused")

    await eventually(paused)
    with LoopbackEmbeddingService(dimension=64) as standby:
        client.workspace_did_change_configuration(
            types.DidChangeConfigurationParams(settings={"sextant": {"providerEndpoint": standby.url}}))

        async def caught_up():
            status = await client.protocol.send_request_async("sextant/status", {})
            folder = status.folders[0] if status.folders else None
            return (not status.indexing and status.settings.providerEndpoint == standby.url and folder
                    and folder.vectors and folder.vectors.liveVectors == folder.chunks)

        await eventually(caught_up, timeout=60)
        assert standby.embedded, "the new endpoint embedded the added file"
        assert max(standby.embedded.values()) == 1
    faults.down = False
