"""History follows a function through a saved edit, a rename and a move to another file, in a
real repository (click's sources, copied), as an editor makes them through the LSP.
"""

import asyncio
import shutil
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from test_sextant_lsp import BINARY, wait_for_index

CLICK = Path("/work/evalrepos/click")
STATE = {}


def click_sources(destination: Path) -> Path:
    """click's sources: the evaluation copy when present, else the installed package."""
    if CLICK.is_dir():
        shutil.copytree(CLICK, destination, ignore=shutil.ignore_patterns(".git"))
    else:
        import click

        shutil.copytree(Path(click.__file__).parent, destination)
    return destination


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(server_command=[BINARY, "lsp"]))
async def server(lsp_client: LanguageClient, tmp_path_factory):
    root = click_sources(tmp_path_factory.mktemp("history") / "click")
    STATE["root"] = root
    params = types.InitializeParams(
        capabilities=types.ClientCapabilities(window=types.WindowClientCapabilities(work_done_progress=True)),
        root_uri=root.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="click")],
        initialization_options={
            "indexDir": str(tmp_path_factory.mktemp("history-index")),
            "model": "hashing",
            "reindexDelayMs": 0,
        },
    )
    await lsp_client.initialize_session(params)
    await wait_for_index(lsp_client)
    yield
    await lsp_client.shutdown_session()


async def history(client: LanguageClient, **params) -> list:
    result = await client.protocol.send_request_async("sextant/symbolHistory", params)
    return list(field(result, "items"))


def field(value, name):
    return value[name] if isinstance(value, dict) else getattr(value, name)


async def identities(client: LanguageClient, name: str) -> list:
    items = await history(client, name=name)
    if not items:
        return []
    return [field(version, "identity") for version in field(items[0], "versions")]


async def eventually(check, timeout: float = 30):
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        try:
            return await check()
        except AssertionError:
            if asyncio.get_running_loop().time() > deadline:
                raise
            await asyncio.sleep(0.1)


def save(client: LanguageClient, path: Path, text: str):
    path.write_text(text)
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=path.as_uri()))
    )


@pytest.mark.asyncio
async def test_history_follows_an_edit_a_rename_and_a_move(server: LanguageClient):
    termui = STATE["root"] / "termui.py"
    utils = STATE["root"] / "utils.py"
    original = termui.read_text()
    assert "def _build_prompt(" in original
    server.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=termui.as_uri(), language_id="python", version=1, text=original)
        )
    )
    assert await identities(server, "_build_prompt") == ["termui.py#_build_prompt"]

    # An unsaved edit makes no version; saving it does.
    edited = original.replace("    return f\"{prompt}{suffix}\"\n", "    prompt = prompt.strip()\n    return f\"{prompt}{suffix}\"\n", 1)
    assert edited != original
    server.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=termui.as_uri(), version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=edited)],
        )
    )
    assert await identities(server, "_build_prompt") == ["termui.py#_build_prompt"]
    save(server, termui, edited)

    async def edited_saved():
        assert await identities(server, "_build_prompt") == ["termui.py#_build_prompt"] * 2

    await eventually(edited_saved)

    # A rename (every use renamed too), saved.
    renamed = edited.replace("_build_prompt", "_compose_prompt")
    server.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=termui.as_uri(), version=3),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=renamed)],
        )
    )
    save(server, termui, renamed)

    async def rename_saved():
        assert await identities(server, "_compose_prompt") == [
            "termui.py#_compose_prompt", "termui.py#_build_prompt", "termui.py#_build_prompt",
        ]

    await eventually(rename_saved)

    # By position too: the declaration under the cursor.
    line = renamed.split("\n").index(next(l for l in renamed.split("\n") if l.startswith("def _compose_prompt(")))
    by_position = await history(
        server, textDocument={"uri": termui.as_uri()}, position={"line": line + 3, "character": 4}
    )
    assert field(by_position[0], "name") == "_compose_prompt"
    assert len(field(by_position[0], "versions")) == 3

    # A move to another file: both files change on disk and the watcher reports them together.
    start = renamed.index("def _compose_prompt(")
    end = renamed.index("\ndef _format_default(")
    function = renamed[start:end]
    termui.write_text(renamed[:start] + renamed[end + 1 :])
    utils.write_text(utils.read_text() + "\n\n" + function)
    server.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=termui.as_uri())))
    server.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[
                types.FileEvent(uri=termui.as_uri(), type=types.FileChangeType.Changed),
                types.FileEvent(uri=utils.as_uri(), type=types.FileChangeType.Changed),
            ]
        )
    )

    async def moved():
        assert await identities(server, "_compose_prompt") == [
            "utils.py#_compose_prompt", "termui.py#_compose_prompt", "termui.py#_build_prompt", "termui.py#_build_prompt",
        ]

    await eventually(moved)

    # Drift: the function moved in meaning with the saved edit; one version back it is the move.
    result = await server.protocol.send_request_async("sextant/drift", {"versions": 3, "limit": 50})
    items = field(result, "items")
    names = [field(item, "name") for item in items]
    assert "_compose_prompt" in names


@pytest.mark.asyncio
async def test_history_requests_report_bad_input(server: LanguageClient):
    with pytest.raises(Exception, match="give a name"):
        await server.protocol.send_request_async("sextant/symbolHistory", {})
    with pytest.raises(Exception, match="at most one"):
        await server.protocol.send_request_async("sextant/drift", {"since": "2026-01-01", "versions": 2})
    with pytest.raises(Exception, match="not an ISO 8601"):
        await server.protocol.send_request_async("sextant/drift", {"since": "last tuesday"})
    with pytest.raises(Exception, match="revision"):
        await server.protocol.send_request_async("sextant/drift", {"revision": "no-such-revision"})
    assert await history(server, name="no_function_has_this_name") == []
