// Sextant for VS Code: starts `sextant` as a language server over stdio (workspace symbols,
// the "Find similar code" code action, unsaved text kept in sync) and adds commands for
// Sextant's own requests, whose answers go to the "Sextant results" view.
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  DynamicFeature,
  ExecuteCommandRequest,
  Executable,
  LanguageClient,
  LanguageClientOptions,
  RequestType,
  RevealOutputChannelOn,
  ServerOptions,
  StaticFeature,
} from 'vscode-languageclient/node';
import {
  DuplicatesParams,
  DuplicatesRequest,
  FindSimilarParams,
  FindSimilarRequest,
  LspPosition,
  LspRange,
  ReindexCommand,
  SearchMode,
  SearchParams,
  SearchRequest,
  StatusRequest,
  StatusResult,
} from './protocol';
import { ResultsView } from './resultsView';

/**
 * The server advertises `sextant.search`, `sextant.findSimilar`, `sextant.duplicates`,
 * `sextant.status` and `sextant.reindex` through `executeCommandProvider`, and
 * vscode-languageclient registers every advertised id as a VS Code command. Those are the ids
 * this extension contributes with its own UI, and registering an id twice throws, which would
 * fail the client's start. So the client declines that one feature: the extension's commands
 * stand, the server's "Find similar code" code action (a command `sextant.findSimilar` with
 * one argument) runs the extension's handler, and `sextant.reindex` is sent below as a plain
 * `workspace/executeCommand` request.
 */
class SextantLanguageClient extends LanguageClient {
  public override registerFeature(feature: StaticFeature | DynamicFeature<any>): void {
    if ('registrationType' in feature && feature.registrationType.method === ExecuteCommandRequest.method) {
      return;
    }
    super.registerFeature(feature);
  }
}

let client: SextantLanguageClient | undefined;
let starting: Promise<SextantLanguageClient | undefined> | undefined;
let output: vscode.OutputChannel;
let statusOutput: vscode.OutputChannel;
let results: ResultsView;

export function activate(context: vscode.ExtensionContext): void {
  output = vscode.window.createOutputChannel('Sextant');
  statusOutput = vscode.window.createOutputChannel('Sextant Status');
  results = new ResultsView();
  context.subscriptions.push(output, statusOutput, results);

  context.subscriptions.push(
    vscode.commands.registerCommand('sextant.search', searchCommand),
    vscode.commands.registerCommand('sextant.findSimilar', findSimilarCommand),
    vscode.commands.registerCommand('sextant.duplicates', duplicatesCommand),
    vscode.commands.registerCommand('sextant.status', statusCommand),
    vscode.commands.registerCommand('sextant.reindex', reindexCommand),
    vscode.commands.registerCommand('sextant.restart', restartCommand),
    vscode.commands.registerCommand('sextant.clearResults', () => results.clear()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('sextant.path') || event.affectsConfiguration('sextant.initializationOptions')) {
        void restartCommand();
      } else if (event.affectsConfiguration('sextant.server') && client !== undefined) {
        // The server asks for its settings again (answered by the configuration middleware).
        void client.sendNotification('workspace/didChangeConfiguration', { settings: null });
      }
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => {
      // The client reports folder changes to a running server; with no server yet, start one.
      if (client === undefined && starting === undefined && hasFolders()) {
        void ensureClient();
      }
    }),
  );

  // Start with the window when there is a folder to index; otherwise on the first command.
  if (hasFolders()) {
    void ensureClient();
  }
}

export async function deactivate(): Promise<void> {
  await stopClient();
}

function hasFolders(): boolean {
  return (vscode.workspace.workspaceFolders?.length ?? 0) > 0;
}

// MARK: - The language client

/** The running client, started if need be; undefined (after saying why) when it cannot start. */
async function ensureClient(): Promise<SextantLanguageClient | undefined> {
  if (client !== undefined && client.isRunning()) {
    return client;
  }
  if (starting === undefined) {
    starting = startClient().finally(() => {
      starting = undefined;
    });
  }
  return starting;
}

async function startClient(): Promise<SextantLanguageClient | undefined> {
  await stopClient();
  const config = vscode.workspace.getConfiguration('sextant');
  const command = resolveBinary(config.get<string>('path', 'sextant'));
  const initializationOptions = config.get<{ [key: string]: unknown }>('initializationOptions', {});

  // No `transport`: the process's stdin and stdout carry the protocol as they are. (With
  // TransportKind.stdio the library would also pass `--stdio`; sextant accepts it, a wrapper
  // script set as `sextant.path` might not.)
  const executable: Executable = { command, args: [] };
  const serverOptions: ServerOptions = { run: executable, debug: executable };
  const clientOptions: LanguageClientOptions = {
    // Every file: Sextant indexes all languages, and the unsaved text of open files is searched.
    documentSelector: [{ scheme: 'file' }],
    initializationOptions,
    outputChannel: output,
    // Request failures are shown by the commands themselves.
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    middleware: {
      // Sextant offers "Find similar code" anywhere in a file. Asked automatically (the light
      // bulb follows the cursor) that would be a light bulb on every line: answer only when
      // the user asks for code actions (Ctrl+. or the light bulb menu).
      provideCodeActions: (document, range, context, token, next) =>
        context.triggerKind === vscode.CodeActionTriggerKind.Automatic ? [] : next(document, range, context, token),
      workspace: {
        // The server asks for section "sextant"; left alone the client would answer with the
        // whole section, this extension's own keys (path, resultLimit, …) included, which the
        // server does not know and warns about. Its settings are "sextant.server".
        configuration: (params) =>
          params.items.map((item) =>
            item.section === 'sextant' ? vscode.workspace.getConfiguration('sextant').get<object>('server', {}) : null,
          ),
      },
    },
  };

  const created = new SextantLanguageClient('sextant', 'Sextant', serverOptions, clientOptions);
  try {
    await created.start();
  } catch (error) {
    output.appendLine(`Could not start ${command}: ${describe(error)}`);
    try {
      await created.dispose();
    } catch {
      // It never ran; nothing to stop.
    }
    const choice = await vscode.window.showErrorMessage(
      `Sextant: could not start the server \`${command}\` (${describe(error)}). Set "sextant.path" to the sextant binary.`,
      'Open Settings',
      'Show Log',
    );
    if (choice === 'Open Settings') {
      void vscode.commands.executeCommand('workbench.action.openSettings', 'sextant.path');
    } else if (choice === 'Show Log') {
      output.show(true);
    }
    return undefined;
  }
  client = created;
  return created;
}

async function stopClient(): Promise<void> {
  const running = client;
  client = undefined;
  if (running === undefined) {
    return;
  }
  try {
    await running.stop();
  } catch (error) {
    output.appendLine(`Stopping the server: ${describe(error)}`);
  }
}

/** `~/…` and `${workspaceFolder}` expanded; a relative path with a slash is taken from the first folder. */
function resolveBinary(configured: string): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  let value = configured.trim() || 'sextant';
  if (value === '~' || value.startsWith('~/')) {
    value = path.join(os.homedir(), value.slice(1));
  }
  if (folder !== undefined) {
    value = value.split('${workspaceFolder}').join(folder);
    if (!path.isAbsolute(value) && value.includes('/')) {
      value = path.join(folder, value);
    }
  }
  return value;
}

/** Sends a Sextant request with a progress indicator; shows a JSON-RPC error and answers undefined. */
async function send<P, R>(type: RequestType<P, R, void>, params: P, title: string): Promise<R | undefined> {
  const running = await ensureClient();
  if (running === undefined) {
    return undefined;
  }
  try {
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `Sextant: ${title}` },
      () => running.sendRequest(type, params),
    );
  } catch (error) {
    showRequestError(type.method, error);
    return undefined;
  }
}

function showRequestError(method: string, error: unknown): void {
  let message = describe(error);
  if (errorCode(error) === -32601) {
    message += ' (this sextant binary is older than the extension: update it)';
  }
  output.appendLine(`${method}: ${message}`);
  void vscode.window.showErrorMessage(`Sextant: ${message}`);
}

function errorCode(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'number' ? code : undefined;
  }
  return undefined;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    return error.message;
  }
  if (typeof error === 'object' && error !== null && 'message' in error) {
    return String((error as { message: unknown }).message);
  }
  return String(error);
}

// MARK: - Commands

function isObject(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !(value instanceof vscode.Uri) && !Array.isArray(value);
}

function resultLimit(): number {
  const limit = vscode.workspace.getConfiguration('sextant').get<number>('resultLimit', 50);
  return Math.min(1000, Math.max(1, Math.floor(limit)));
}

/**
 * "Sextant: Search code": asks for a query (the selection, when there is a short one, is the
 * default) and lists `sextant/search`'s ranked chunks. Called with `{query, …}` (the params of
 * `sextant/search`), searches for that without asking.
 */
async function searchCommand(argument?: unknown): Promise<void> {
  let params: SearchParams;
  if (isObject(argument) && typeof argument.query === 'string') {
    params = argument as unknown as SearchParams;
  } else {
    const query = await vscode.window.showInputBox({
      title: 'Sextant: Search code',
      prompt: 'Describe what the code does, or name it',
      placeHolder: 'where do we retry failed uploads',
      value: selectedQuery(),
      ignoreFocusOut: true,
    });
    if (query === undefined || query.trim() === '') {
      return;
    }
    params = { query: query.trim(), limit: resultLimit() };
    const mode = vscode.workspace.getConfiguration('sextant').get<string>('searchMode', 'default');
    if (mode === 'hybrid' || mode === 'semantic' || mode === 'lexical') {
      params.mode = mode as SearchMode;
    }
  }
  const answer = await send(SearchRequest, params, `searching for “${params.query}”`);
  if (answer !== undefined) {
    await results.show({ kind: 'items', title: `“${params.query}”`, items: answer.items, coverage: answer.coverage });
  }
}

/** The active editor's selection when it is one short line, else ''. */
function selectedQuery(): string {
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined || editor.selection.isEmpty) {
    return '';
  }
  const text = editor.document.getText(editor.selection).trim();
  return text.includes('\n') || text.length > 200 ? '' : text;
}

/**
 * "Sextant: Find similar code": code like the declaration under the cursor, or like the
 * selection. Called with `{textDocument, position | range | text, …}` (the server's code action
 * passes this), sends that as it is. From the editor's context menu VS Code passes the
 * document's URI, which is the active editor's.
 */
async function findSimilarCommand(argument?: unknown): Promise<void> {
  let params: FindSimilarParams;
  let title: string;
  if (isObject(argument) && (isObject(argument.textDocument) || typeof argument.text === 'string')) {
    params = { limit: resultLimit(), ...(argument as FindSimilarParams) };
    title = describeTarget(params);
  } else {
    const editor = vscode.window.activeTextEditor;
    if (editor === undefined) {
      void vscode.window.showInformationMessage(
        'Sextant: put the cursor in a declaration, or select code, in an editor first.',
      );
      return;
    }
    const target = await targetOf(editor);
    if (target === undefined) {
      return;
    }
    params = { ...target.params, limit: resultLimit() };
    title = target.title;
  }
  const answer = await send(FindSimilarRequest, params, `finding code similar to ${title}`);
  if (answer !== undefined) {
    await results.show({ kind: 'items', title: `Similar to ${title}`, items: answer.items, coverage: answer.coverage });
  }
}

async function targetOf(editor: vscode.TextEditor): Promise<{ params: FindSimilarParams; title: string } | undefined> {
  const document = editor.document;
  const selection = editor.selection;
  const where = vscode.workspace.asRelativePath(document.uri);
  if (document.uri.scheme !== 'file') {
    // Sextant finds declarations only in files; an untitled buffer's selection goes as text.
    if (selection.isEmpty) {
      void vscode.window.showInformationMessage('Sextant: in an unsaved buffer, select the code to compare.');
      return undefined;
    }
    return { params: { text: document.getText(selection) }, title: `the selection in ${where}` };
  }
  const running = await ensureClient();
  if (running === undefined) {
    return undefined;
  }
  const textDocument = { uri: running.code2ProtocolConverter.asUri(document.uri) };
  if (selection.isEmpty) {
    return {
      params: { textDocument, position: lspPosition(selection.active) },
      title: `${where}:${selection.active.line + 1}`,
    };
  }
  return {
    params: { textDocument, range: lspRange(selection) },
    title: `${where}:${selection.start.line + 1}–${selection.end.line + 1}`,
  };
}

function describeTarget(params: FindSimilarParams): string {
  if (params.textDocument === undefined) {
    return 'the given text';
  }
  const where = vscode.workspace.asRelativePath(vscode.Uri.parse(params.textDocument.uri));
  if (params.range !== undefined) {
    return `${where}:${params.range.start.line + 1}–${params.range.end.line + 1}`;
  }
  return params.position !== undefined ? `${where}:${params.position.line + 1}` : where;
}

function lspPosition(position: vscode.Position): LspPosition {
  return { line: position.line, character: position.character };
}

function lspRange(range: vscode.Range): LspRange {
  return { start: lspPosition(range.start), end: lspPosition(range.end) };
}

/**
 * "Sextant: Find duplicates": clusters of near-identical code in the workspace, or only those
 * with a member in the active file. Called with the params of `sextant/duplicates`, sends them.
 */
async function duplicatesCommand(argument?: unknown): Promise<void> {
  const minScore = vscode.workspace.getConfiguration('sextant').get<number>('duplicates.minScore', 0.9);
  let params: DuplicatesParams;
  let title = 'Duplicates';
  if (isObject(argument)) {
    params = { minScore, ...(argument as DuplicatesParams) };
  } else {
    params = { minScore };
    const editor = vscode.window.activeTextEditor;
    if (editor !== undefined && editor.document.uri.scheme === 'file') {
      const where = vscode.workspace.asRelativePath(editor.document.uri);
      const scope = await vscode.window.showQuickPick(
        [
          { label: 'Whole workspace', file: false },
          { label: `Involving ${where}`, description: 'clusters with a member in this file', file: true },
        ],
        { title: 'Sextant: Find duplicates', placeHolder: 'Where to look for near-identical code' },
      );
      if (scope === undefined) {
        return;
      }
      if (scope.file) {
        const running = await ensureClient();
        if (running === undefined) {
          return;
        }
        params.textDocument = { uri: running.code2ProtocolConverter.asUri(editor.document.uri) };
        title = `Duplicates involving ${where}`;
      }
    }
  }
  const answer = await send(DuplicatesRequest, params, 'finding duplicates');
  if (answer !== undefined) {
    await results.show({
      kind: 'clusters',
      title: `${title} (cosine ≥ ${params.minScore ?? 0.9})`,
      clusters: answer.clusters,
      totalClusters: answer.totalClusters,
      coverage: answer.coverage,
    });
  }
}

/** "Sextant: Show index status": `sextant/status` in the "Sextant Status" output channel. */
async function statusCommand(): Promise<void> {
  const status = await send(StatusRequest, {}, 'reading the index status');
  if (status === undefined) {
    return;
  }
  statusOutput.clear();
  statusOutput.appendLine(`Sextant status, ${new Date().toLocaleString()}`);
  for (const line of statusSummary(status)) {
    statusOutput.appendLine(line);
  }
  statusOutput.appendLine('');
  statusOutput.appendLine(JSON.stringify(status, null, 2));
  statusOutput.show(true);
}

/** A few lines read from the status object; the whole object follows them as JSON. */
function statusSummary(status: StatusResult): string[] {
  const lines: string[] = [];
  if (typeof status.coverage === 'number') {
    lines.push(`searchable: ${Math.floor(status.coverage * 100)}% of the workspace`);
  }
  if (typeof status.indexing === 'boolean') {
    lines.push(status.indexing ? 'indexing: running' : 'indexing: idle');
  }
  const folders = Array.isArray(status.folders) ? status.folders : [];
  for (const folder of folders) {
    if (!isObject(folder)) {
      continue;
    }
    const counts = ['files', 'chunks', 'symbols']
      .filter((key) => typeof folder[key] === 'number')
      .map((key) => `${folder[key]} ${key}`);
    lines.push(`${String(folder.root ?? '?')}: ${counts.join(', ')}`);
  }
  return lines;
}

/** "Sextant: Re-index workspace": the server's `sextant.reindex` command; progress shows as it runs. */
async function reindexCommand(): Promise<void> {
  const running = await ensureClient();
  if (running === undefined) {
    return;
  }
  try {
    await running.sendRequest(ExecuteCommandRequest.type, { command: ReindexCommand });
    vscode.window.setStatusBarMessage('Sextant: re-indexing the workspace', 5000);
  } catch (error) {
    showRequestError(`workspace/executeCommand ${ReindexCommand}`, error);
  }
}

async function restartCommand(): Promise<void> {
  await stopClient();
  await ensureClient();
}
