"""Find similar code through the LSP: by the declaration under the cursor, by a selection, by a
text, on click's sources, with clear errors for bad targets."""

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from test_history import click_sources, field
from test_sextant_lsp import BINARY, wait_for_index

STATE = {}


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(server_command=[BINARY, "lsp"]))
async def server(lsp_client: LanguageClient, tmp_path_factory):
    root = click_sources(tmp_path_factory.mktemp("similar") / "click")
    # A renamed copy of a real function in another module: it must come first.
    termui = (root / "termui.py").read_text()
    start = termui.index("def _build_prompt(")
    end = termui.index("\ndef _format_default(")
    (root / "prompts.py").write_text(termui[start:end].replace("_build_prompt", "compose_prompt_line"))
    STATE["root"] = root
    params = types.InitializeParams(
        capabilities=types.ClientCapabilities(window=types.WindowClientCapabilities(work_done_progress=True)),
        root_uri=root.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="click")],
        initialization_options={"indexDir": str(tmp_path_factory.mktemp("similar-index")), "model": "hashing"},
    )
    await lsp_client.initialize_session(params)
    await wait_for_index(lsp_client)
    yield
    await lsp_client.shutdown_session()


async def similar(client: LanguageClient, **params) -> list:
    result = await client.protocol.send_request_async("sextant/findSimilar", params)
    return [field(item, "name") for item in field(result, "items")]


@pytest.mark.asyncio
async def test_the_copy_of_a_function_comes_first(server: LanguageClient):
    termui = STATE["root"] / "termui.py"
    line = termui.read_text().split("\n").index(next(l for l in termui.read_text().split("\n") if l.startswith("def _build_prompt(")))
    names = await similar(server, textDocument={"uri": termui.as_uri()}, position={"line": line + 8, "character": 4}, limit=5)
    assert names[0] == "compose_prompt_line", names
    assert "_build_prompt" not in names
    # A selection of its body finds the copy too, and leaves out what it overlaps.
    names = await similar(
        server, textDocument={"uri": termui.as_uri()},
        range={"start": {"line": line + 8, "character": 0}, "end": {"line": line + 15, "character": 0}}, limit=5,
    )
    assert "compose_prompt_line" in names[:2], names
    assert "_build_prompt" not in names
    names = await similar(server, text=termui.read_text().split("\n", line + 8)[-1][:300], limit=3, paths=["prompts.py"])
    assert names == ["compose_prompt_line"]


@pytest.mark.asyncio
async def test_bad_targets_get_clear_errors(server: LanguageClient):
    termui = STATE["root"] / "termui.py"
    cases = [
        ({}, "give a textDocument"),
        ({"text": "   "}, "text is empty"),
        ({"textDocument": {"uri": termui.as_uri()}, "position": {"line": 100000, "character": 0}}, "outside"),
        ({"textDocument": {"uri": "https://example.com/x.py"}, "position": {"line": 0, "character": 0}}, "not a file URI"),
        ({"text": "retry", "limit": 0}, "limit must be between"),
        ({"text": "retry", "limit": 1000000000}, "limit must be between"),
        ({"text": "retry", "kinds": ["gizmo"]}, "unknown kind"),
        ({"textDocument": {"uri": termui.as_uri()}, "range": {"start": {"line": 5, "character": 0}, "end": {"line": 5, "character": 0}}}, "selects no text"),
    ]
    for params, message in cases:
        with pytest.raises(Exception, match=message):
            await server.protocol.send_request_async("sextant/findSimilar", params)


@pytest.mark.asyncio
async def test_code_action_and_commands_reach_the_same_answers(server: LanguageClient):
    termui = STATE["root"] / "termui.py"
    text = termui.read_text().split("\n")
    line = text.index(next(l for l in text if l.startswith("def _build_prompt(")))
    cursor = types.Position(line=line + 8, character=4)
    actions = await server.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=termui.as_uri()),
            range=types.Range(start=cursor, end=cursor),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    assert [action.title for action in actions] == ["Find similar code"]
    result = await server.workspace_execute_command_async(
        types.ExecuteCommandParams(command=actions[0].command, arguments=actions[0].arguments)
    )
    assert result["items"][0]["name"] == "compose_prompt_line"
    found = await server.workspace_execute_command_async(
        types.ExecuteCommandParams(command="sextant.search", arguments=[{"query": "compose_prompt_line", "mode": "lexical"}])
    )
    assert found["items"][0]["name"] == "compose_prompt_line"
    with pytest.raises(Exception, match="takes one argument"):
        await server.workspace_execute_command_async(types.ExecuteCommandParams(command="sextant.search"))
    with pytest.raises(Exception, match="unknown command"):
        await server.workspace_execute_command_async(types.ExecuteCommandParams(command="sextant.nothing"))


@pytest.mark.asyncio
async def test_duplicates_cluster_the_copy_with_its_original(server: LanguageClient):
    prompts = STATE["root"] / "prompts.py"
    result = await server.protocol.send_request_async("sextant/duplicates", {"minScore": 0.97})
    clusters = field(result, "clusters")
    assert field(result, "totalClusters") >= len(clusters) >= 1
    sizes = [field(cluster, "size") for cluster in clusters]
    assert sizes == sorted(sizes, reverse=True), "largest clusters first"
    pair = next(c for c in clusters if any(field(i, "name") == "compose_prompt_line" for i in field(c, "items")))
    assert {field(i, "name") for i in field(pair, "items")} >= {"compose_prompt_line", "_build_prompt"}
    assert field(pair, "files") >= 2 and field(pair, "score") >= 0.97
    # Narrowed to one document: only clusters with a member there.
    mine = await server.workspace_execute_command_async(
        types.ExecuteCommandParams(command="sextant.duplicates", arguments=[{"minScore": 0.97, "textDocument": {"uri": prompts.as_uri()}}])
    )
    assert mine["clusters"] and all(any(i["uri"] == prompts.as_uri() for i in c["items"]) for c in mine["clusters"])
    for params, message in [
        ({"minScore": 0.2}, "minScore is a cosine between 0.5 and 1"),
        ({"limit": 0}, "limit must be between"),
        ({"textDocument": {"uri": "https://example.com/x.py"}}, "not a file URI"),
        ({"textDocument": {"uri": "file:///elsewhere/x.py"}}, "not inside an indexed workspace folder"),
    ]:
        with pytest.raises(Exception, match=message):
            await server.protocol.send_request_async("sextant/duplicates", params)


@pytest.mark.asyncio
async def test_workspace_symbol_takes_phrases_as_well_as_names(server: LanguageClient):
    async def symbols(query):
        return await server.workspace_symbol_async(types.WorkspaceSymbolParams(query=query))

    # A name: fuzzy as ever.
    named = await symbols("compose_prompt")
    assert named[0].name == "compose_prompt_line"
    # A phrase naming a symbol word for word puts it first, however the meaning ranks.
    assert (await symbols("compose prompt line"))[0].name == "compose_prompt_line"
    # A phrase no name spells: found by what the code says.
    described = await symbols("pager pipe less environment")
    assert described and all(s.location.uri.startswith("file://") for s in described)
    assert any(s.name in ("_pipepager", "pager", "get_pager_file", "echo_via_pager") for s in described[:5]), [s.name for s in described[:5]]
