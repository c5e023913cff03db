"""sextant/index: scripts and CI drive indexing over stdio with no editor. Two roots; the
answer with `wait` says what the run did; without, it comes at once and the run follows."""

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
    base = tmp_path_factory.mktemp("index-request")
    first, second = base / "first", base / "second"
    for number in range(3):
        write(first / f"module{number}.py", f"def first_function_{number}(value):\n    return value + {number}\n")
    write(second / "only.py", "def second_root_function():\n    return 'second'\n")
    STATE.update(first=first, second=second)
    params = types.InitializeParams(
        capabilities=types.ClientCapabilities(),
        root_uri=first.as_uri(),
        workspace_folders=[
            types.WorkspaceFolder(uri=first.as_uri(), name="first"),
            types.WorkspaceFolder(uri=second.as_uri(), name="second"),
        ],
        initialization_options={"indexDir": str(tmp_path_factory.mktemp("index-request-index")), "model": "hashing"},
    )
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


async def index(client: LanguageClient, **params):
    return await client.protocol.send_request_async("sextant/index", params)


def field(value, name):
    return value.get(name) if isinstance(value, dict) else getattr(value, name, None)


@pytest.mark.asyncio
async def test_waiting_answers_with_what_the_run_did(server: LanguageClient):
    first, second = STATE["first"], STATE["second"]
    # Sent right after `initialized`, whose own run may still be going: this one follows it.
    done = await asyncio.wait_for(index(server, wait=True), 120)
    assert field(done, "state") == "done"
    folders = {field(f, "uri"): f for f in field(done, "folders")}
    assert set(folders) == {first.as_uri(), second.as_uri()}
    assert field(folders[first.as_uri()], "filesSeen") == 3
    assert field(folders[second.as_uri()], "filesSeen") == 1

    # `initialized`'s own run may have been queued behind this request's (the request is
    # freestanding, so it can overtake `initialized`): let it end, or it may read the new file.
    for _ in range(1200):
        if not field(await server.protocol.send_request_async("sextant/status", {}), "indexing"):
            break
        await asyncio.sleep(0.05)

    # A new file in one root, and only that root asked for: one file read, the rest unchanged.
    write(first / "module3.py", "def first_function_3(value):\n    return value * 3\n")
    done = await asyncio.wait_for(index(server, folders=[first.as_uri()], wait=True), 120)
    (only,) = field(done, "folders")
    assert field(only, "uri") == first.as_uri()
    assert (field(only, "filesSeen"), field(only, "filesIndexed"), field(only, "filesUnchanged")) == (4, 1, 3)
    assert field(only, "chunksWritten") >= 1 and field(only, "filesFailed") == 0 and field(only, "failures") == []
    symbols = await server.workspace_symbol_async(types.WorkspaceSymbolParams(query="first_function_3"))
    assert symbols and symbols[0].name == "first_function_3"


@pytest.mark.asyncio
async def test_without_waiting_it_answers_at_once(server: LanguageClient):
    started = await index(server)
    assert field(started, "state") in ("started", "queued")
    assert field(started, "folders") is None
    for _ in range(600):
        status = await server.protocol.send_request_async("sextant/status", {})
        if not field(status, "indexing"):
            break
        await asyncio.sleep(0.05)
    assert not field(status, "indexing")


@pytest.mark.asyncio
async def test_bad_folders_get_clear_errors(server: LanguageClient):
    for params, message in [
        ({"folders": ["https://example.com/repo"]}, "is not a file URI"),
        ({"folders": [STATE["first"].parent.as_uri()]}, "is not a workspace folder"),
        ({"folders": []}, "folders is empty"),
        ({"wait": "yes"}, "wait"),
    ]:
        with pytest.raises(Exception, match=message):
            await index(server, **params)
