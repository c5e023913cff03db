"""Settings in layers through a real client: .sextant.json ← initializationOptions ←
workspace/configuration, and workspace/didChangeConfiguration applying limits at once and
rebuilding the engine (here: new ignore rules) when what is indexed changes."""

import asyncio

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from test_sextant_lsp import BINARY

STATE = {}


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(server_command=[BINARY, "lsp"]))
async def server(lsp_client: LanguageClient, tmp_path_factory):
    root = tmp_path_factory.mktemp("settings") / "workspace"
    for number in range(8):
        write(root / f"retry{number}.py", f"def retry_upload_{number}(client):\n    return client.send({number})\n")
    write(root / "generated" / "bulk.py", "def generated_retry_upload():\n    return None\n")
    write(root / ".sextant.json", '{"searchLimit": 3, "symbolLimit": 50}')
    STATE["root"] = root
    # The client's own settings, answered to workspace/configuration: they win over the rest.
    lsp_client.set_configuration({"sextant": {"searchLimit": 4, "colour": "blue"}})
    params = types.InitializeParams(
        capabilities=types.ClientCapabilities(workspace=types.WorkspaceClientCapabilities(configuration=True)),
        root_uri=root.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="workspace")],
        initialization_options={
            "indexDir": str(tmp_path_factory.mktemp("settings-index")), "model": "hashing", "searchLimit": 5,
            "reindexDelayMs": "soon",
        },
    )
    await lsp_client.initialize_session(params)
    await wait_until_indexed(lsp_client)
    yield
    await lsp_client.shutdown_session()


async def wait_until_indexed(client: LanguageClient, timeout: float = 120):
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        status = await client.protocol.send_request_async("sextant/status", {})
        if not status.indexing and status.folders and status.folders[0].files > 0:
            return status
        await asyncio.sleep(0.05)
    raise AssertionError("indexing did not finish")


def log_messages(client: LanguageClient) -> list:
    return [message.message for message in client.log_messages]


@pytest.mark.asyncio
async def test_layers_merge_in_order_and_bad_keys_are_named(server: LanguageClient):
    status = await server.protocol.send_request_async("sextant/status", {})
    settings = status.settings
    assert settings.searchLimit == 4, "workspace/configuration over initializationOptions over .sextant.json"
    assert settings.symbolLimit == 50, "from .sextant.json"
    assert settings.model == "hashing" and settings.reindexDelayMs == 400
    messages = log_messages(server)
    assert any('initializationOptions: "reindexDelayMs" must be an integer from 0 to 60000, not "soon"; keeping 400' in m for m in messages), messages
    assert any('workspace/configuration: unknown setting "colour"' in m for m in messages), messages
    found = await server.protocol.send_request_async("sextant/search", {"query": "retry upload client send", "mode": "lexical"})
    assert len(found.items) == 4


@pytest.mark.asyncio
async def test_a_pushed_change_applies_limits_at_once_and_rebuilds_for_new_ignore_rules(server: LanguageClient):
    server.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"sextant": {"searchLimit": 2}}))
    for _ in range(100):
        status = await server.protocol.send_request_async("sextant/status", {})
        if status.settings.searchLimit == 2:
            break
        await asyncio.sleep(0.05)
    found = await server.protocol.send_request_async("sextant/search", {"query": "retry upload client send", "mode": "lexical"})
    assert len(found.items) == 2

    before = await server.workspace_symbol_async(types.WorkspaceSymbolParams(query="generated_retry_upload"))
    assert [s.name for s in before] == ["generated_retry_upload"]
    server.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"sextant": {"searchLimit": 2, "ignore": ["generated/"]}}))
    for _ in range(400):
        if any("settings changed (ignore): building the engine again" in m for m in log_messages(server)):
            break
        await asyncio.sleep(0.05)
    status = await wait_until_indexed(server)
    assert status.settings.ignore == ["generated/"]
    after = await server.workspace_symbol_async(types.WorkspaceSymbolParams(query="generated_retry_upload"))
    assert after == [], [s.name for s in after]
    kept = await server.workspace_symbol_async(types.WorkspaceSymbolParams(query="retry_upload_3"))
    assert kept and kept[0].name == "retry_upload_3"
