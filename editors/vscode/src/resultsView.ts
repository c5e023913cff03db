// The "Sextant results" tree: ranked items grouped by file, or duplicate clusters.
import * as vscode from 'vscode';
import { DuplicateCluster, SearchItem } from './protocol';

export const RESULTS_VIEW_ID = 'sextant.results';

/** What one request answered, ready to show. */
export type ResultSet =
  | { kind: 'items'; title: string; items: SearchItem[]; coverage: number }
  | { kind: 'clusters'; title: string; clusters: DuplicateCluster[]; totalClusters: number; coverage: number };

interface FileNode {
  type: 'file';
  uri: vscode.Uri;
  children: ItemNode[];
}

interface ClusterNode {
  type: 'cluster';
  ordinal: number;
  cluster: DuplicateCluster;
  children: ItemNode[];
}

interface ItemNode {
  type: 'item';
  item: SearchItem;
  uri: vscode.Uri;
  /** The rank of the item in the whole answer (1 = best); 0 inside a cluster. */
  rank: number;
  parent: FileNode | ClusterNode;
}

type Node = FileNode | ClusterNode | ItemNode;

/** LSP SymbolKind (1–26) → codicon. */
const SYMBOL_ICONS = [
  'symbol-file', 'symbol-module', 'symbol-namespace', 'symbol-package', 'symbol-class', 'symbol-method',
  'symbol-property', 'symbol-field', 'symbol-constructor', 'symbol-enum', 'symbol-interface', 'symbol-function',
  'symbol-variable', 'symbol-constant', 'symbol-string', 'symbol-number', 'symbol-boolean', 'symbol-array',
  'symbol-object', 'symbol-key', 'symbol-null', 'symbol-enum-member', 'symbol-struct', 'symbol-event',
  'symbol-operator', 'symbol-type-parameter',
];

const SYMBOL_NAMES = [
  'file', 'module', 'namespace', 'package', 'class', 'method', 'property', 'field', 'constructor', 'enum',
  'interface', 'function', 'variable', 'constant', 'string', 'number', 'boolean', 'array', 'object', 'key',
  'null', 'enum member', 'struct', 'event', 'operator', 'type parameter',
];

/** Clusters shown expanded when there are at most this many. */
const EXPAND_CLUSTERS_UP_TO = 10;
/** Lines of a snippet shown in a tooltip. */
const TOOLTIP_LINES = 30;

export class ResultsProvider implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined | void>();
  readonly onDidChangeTreeData: vscode.Event<Node | undefined | void> = this.changed.event;
  private roots: Node[] = [];

  /** Replaces what the tree shows. */
  show(set: ResultSet): void {
    this.roots = set.kind === 'items' ? groupByFile(set.items) : clusterNodes(set.clusters);
    this.changed.fire();
  }

  clear(): void {
    this.roots = [];
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }

  getChildren(node?: Node): Node[] {
    if (node === undefined) {
      return this.roots;
    }
    return node.type === 'item' ? [] : node.children;
  }

  getParent(node: Node): Node | undefined {
    return node.type === 'item' ? node.parent : undefined;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.type) {
      case 'file':
        return fileItem(node);
      case 'cluster':
        return clusterItem(node);
      case 'item':
        return resultItem(node);
    }
  }
}

/** The view, with a one-line summary of the current answer above the tree. */
export class ResultsView implements vscode.Disposable {
  readonly provider = new ResultsProvider();
  private readonly view: vscode.TreeView<Node>;

  constructor() {
    this.view = vscode.window.createTreeView(RESULTS_VIEW_ID, {
      treeDataProvider: this.provider,
      showCollapseAll: true,
    });
  }

  /** Shows an answer and brings the view forward. */
  async show(set: ResultSet): Promise<void> {
    this.provider.show(set);
    this.view.message = summary(set);
    await vscode.commands.executeCommand(`${RESULTS_VIEW_ID}.focus`);
  }

  clear(): void {
    this.provider.clear();
    this.view.message = undefined;
  }

  dispose(): void {
    this.view.dispose();
    this.provider.dispose();
  }
}

function summary(set: ResultSet): string {
  let text: string;
  if (set.kind === 'items') {
    const files = new Set(set.items.map((item) => item.uri)).size;
    text = set.items.length === 0
      ? `${set.title}: nothing found`
      : `${set.title}: ${plural(set.items.length, 'result')} in ${plural(files, 'file')}`;
  } else {
    const shown = set.clusters.length < set.totalClusters ? ` (${set.clusters.length} shown)` : '';
    text = set.totalClusters === 0
      ? `${set.title}: no duplicates`
      : `${set.title}: ${plural(set.totalClusters, 'cluster')}${shown}`;
  }
  if (set.coverage < 1) {
    text += ` — ${Math.floor(set.coverage * 100)}% of the workspace indexed so far`;
  }
  return text;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Files in the order of their best item; items in rank order within a file. */
function groupByFile(items: SearchItem[]): FileNode[] {
  const files = new Map<string, FileNode>();
  items.forEach((item, index) => {
    let file = files.get(item.uri);
    if (file === undefined) {
      file = { type: 'file', uri: vscode.Uri.parse(item.uri), children: [] };
      files.set(item.uri, file);
    }
    file.children.push({ type: 'item', item, uri: file.uri, rank: index + 1, parent: file });
  });
  return [...files.values()];
}

function clusterNodes(clusters: DuplicateCluster[]): ClusterNode[] {
  return clusters.map((cluster, index) => {
    const node: ClusterNode = { type: 'cluster', ordinal: index + 1, cluster, children: [] };
    node.children = cluster.items.map((item) => ({
      type: 'item' as const,
      item,
      uri: vscode.Uri.parse(item.uri),
      rank: 0,
      parent: node,
    }));
    return node;
  });
}

function fileItem(node: FileNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.uri, vscode.TreeItemCollapsibleState.Expanded);
  item.iconPath = vscode.ThemeIcon.File;
  item.description = true; // the folder, relative to the workspace
  item.tooltip = vscode.workspace.asRelativePath(node.uri);
  return item;
}

function clusterItem(node: ClusterNode): vscode.TreeItem {
  const { cluster } = node;
  const names = [...new Set(cluster.items.map((member) => label(member)))];
  const shownNames = names.slice(0, 3).join(', ') + (names.length > 3 ? ', …' : '');
  const item = new vscode.TreeItem(
    `${plural(cluster.size, 'chunk')} in ${plural(cluster.files, 'file')}`,
    node.ordinal <= EXPAND_CLUSTERS_UP_TO
      ? vscode.TreeItemCollapsibleState.Expanded
      : vscode.TreeItemCollapsibleState.Collapsed,
  );
  item.description = `${shownNames} · ≥ ${cluster.score.toFixed(3)}`;
  item.tooltip = `Cluster ${node.ordinal}: ${cluster.size} chunks in ${cluster.files} files; ` +
    `every member reaches cosine ${cluster.score.toFixed(3)} with another` +
    (cluster.items.length < cluster.size ? ` (${cluster.items.length} listed)` : '');
  item.iconPath = new vscode.ThemeIcon('copy');
  return item;
}

function resultItem(node: ItemNode): vscode.TreeItem {
  const { item: result, uri } = node;
  const start = new vscode.Position(result.range.start.line, result.range.start.character);
  const line = result.range.start.line + 1;
  const item = new vscode.TreeItem(label(result), vscode.TreeItemCollapsibleState.None);
  item.description = node.parent.type === 'file'
    ? `:${line} · ${result.score.toFixed(2)}`
    : `${vscode.workspace.asRelativePath(uri)}:${line} · ${result.score.toFixed(3)}`;
  item.iconPath = new vscode.ThemeIcon(
    result.kind !== undefined && result.kind >= 1 && result.kind <= SYMBOL_ICONS.length
      ? SYMBOL_ICONS[result.kind - 1]
      : 'symbol-misc',
  );
  item.tooltip = tooltip(node);
  const options: vscode.TextDocumentShowOptions = { selection: new vscode.Range(start, start), preview: true };
  item.command = { command: 'vscode.open', title: 'Open', arguments: [uri, options] };
  return item;
}

function label(result: SearchItem): string {
  return result.container ? `${result.container}.${result.name}` : result.name;
}

function tooltip(node: ItemNode): vscode.MarkdownString {
  const result = node.item;
  const kind = result.kind !== undefined ? SYMBOL_NAMES[result.kind - 1] : undefined;
  const scores = [`score ${result.score.toFixed(3)}`];
  if (result.similarity !== undefined) {
    scores.push(`cosine ${result.similarity.toFixed(3)}`);
  }
  if (result.keywordScore !== undefined) {
    scores.push(`BM25 ${result.keywordScore.toFixed(2)}`);
  }
  const where = `${vscode.workspace.asRelativePath(node.uri)}:${result.range.start.line + 1}`;
  const text = new vscode.MarkdownString();
  text.appendMarkdown(`**${escapeMarkdown(label(result))}**${kind ? ` — ${kind}` : ''}  \n`);
  text.appendMarkdown(`${escapeMarkdown(where)}${node.rank > 0 ? ` · #${node.rank}` : ''} · ${scores.join(' · ')}`);
  const lines = result.snippet.replace(/\s+$/, '').split('\n');
  const shown = lines.slice(0, TOOLTIP_LINES).join('\n') + (lines.length > TOOLTIP_LINES ? '\n…' : '');
  if (shown.length > 0) {
    text.appendCodeblock(shown, languageOf(node.uri));
  }
  return text;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
}

const LANGUAGES: { [extension: string]: string } = {
  swift: 'swift', py: 'python', go: 'go', rs: 'rust', ts: 'typescript', tsx: 'typescriptreact',
  js: 'javascript', jsx: 'javascriptreact', java: 'java', kt: 'kotlin', c: 'c', h: 'c', cc: 'cpp',
  cpp: 'cpp', hpp: 'cpp', rb: 'ruby', cs: 'csharp', php: 'php', lua: 'lua', sh: 'shellscript', md: 'markdown',
};

/** A highlighting language for the tooltip's snippet, from the file's extension. */
function languageOf(uri: vscode.Uri): string {
  const match = /\.([A-Za-z0-9]+)$/.exec(uri.path);
  return (match && LANGUAGES[match[1].toLowerCase()]) || '';
}
