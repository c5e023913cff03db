// Sextant's own requests, as the server answers them (see the project README, "Requests beyond
// the standard ones"). Positions are LSP positions: zero-based lines, UTF-16 columns.
import { RequestType } from 'vscode-languageclient/node';

export interface LspPosition {
  line: number;
  character: number;
}

export interface LspRange {
  start: LspPosition;
  end: LspPosition;
}

export interface TextDocumentRef {
  uri: string;
}

/** Filters every request takes: git-style path globs, language names as indexed, symbol kind names. */
export interface Filters {
  paths?: string[];
  languages?: string[];
  kinds?: string[];
}

export type SearchMode = 'hybrid' | 'semantic' | 'lexical';

export interface SearchParams extends Filters {
  query: string;
  limit?: number;
  mode?: SearchMode;
}

/** One ranked chunk. `kind` is an LSP SymbolKind number; line windows have none. */
export interface SearchItem {
  uri: string;
  range: LspRange;
  name: string;
  kind?: number;
  container?: string;
  score: number;
  similarity?: number;
  keywordScore?: number;
  snippet: string;
}

export interface SearchResult {
  items: SearchItem[];
  /** Fraction of the workspace searchable so far (searches answer while indexing runs). */
  coverage: number;
}

/** The target: `{textDocument, position}`, `{textDocument, range}` or `{text}`. */
export interface FindSimilarParams extends Filters {
  textDocument?: TextDocumentRef;
  position?: LspPosition;
  range?: LspRange;
  text?: string;
  limit?: number;
  minScore?: number;
}

export interface DuplicatesParams extends Filters {
  /** Cosine two chunks must reach to be linked, 0.5–1 (server default 0.9). */
  minScore?: number;
  /** Most clusters, 1–1000 (server default 50). */
  limit?: number;
  /** Only clusters with a member in this document. */
  textDocument?: TextDocumentRef;
}

export interface DuplicateCluster {
  /** Members in all; `items` lists at most 50 of them. */
  size: number;
  /** Distinct files the members are in. */
  files: number;
  /** The weakest cosine among the links that join the cluster. */
  score: number;
  /** Members by path and line; an item's score is its best cosine to another member. */
  items: SearchItem[];
}

export interface DuplicatesResult {
  clusters: DuplicateCluster[];
  totalClusters: number;
  coverage: number;
}

/** `sextant/status` answers a JSON object; the extension shows it as it comes. */
export type StatusResult = { [key: string]: unknown };

export const SearchRequest = new RequestType<SearchParams, SearchResult, void>('sextant/search');
export const FindSimilarRequest = new RequestType<FindSimilarParams, SearchResult, void>('sextant/findSimilar');
export const DuplicatesRequest = new RequestType<DuplicatesParams, DuplicatesResult, void>('sextant/duplicates');
export const StatusRequest = new RequestType<Record<string, never>, StatusResult, void>('sextant/status');

/** `workspace/executeCommand` commands the server advertises. */
export const ReindexCommand = 'sextant.reindex';
