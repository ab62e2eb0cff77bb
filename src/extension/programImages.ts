import * as vscode from 'vscode';
import type { CParser } from '../lang/c/parser';
import type { ImageSnapshot } from '../shared/imageSnapshot';
import { EXAMPLE_SCHEME } from '../shared/tutorials';

/**
 * The process image of each open C document, computed on demand and cached per document version,
 * so diagnostics, hovers and the panel share one analysis. The tree-sitter runtime is loaded the
 * first time a C file needs it, never at activation.
 */
export class ProgramImages implements vscode.Disposable {
  private parser: Promise<CParser> | undefined;
  private readonly cache = new Map<string, { version: number; snapshot: ImageSnapshot }>();

  constructor(private readonly extensionUri: vscode.Uri) {}

  async imageOf(document: vscode.TextDocument): Promise<ImageSnapshot> {
    const key = document.uri.toString();
    const cached = this.cache.get(key);
    if (cached && cached.version === document.version) return cached.snapshot;
    const [parser, { describeCProgram }] = await Promise.all([this.loadParser(), import('../lang/c/program/describeCProgram')]);
    const snapshot = describeCProgram(parser, document.getText(), vscode.workspace.asRelativePath(document.uri, false));
    this.cache.set(key, { version: document.version, snapshot });
    return snapshot;
  }

  forget(document: vscode.TextDocument): void {
    this.cache.delete(document.uri.toString());
  }

  dispose(): void {
    this.cache.clear();
  }

  /** The C parser (tree-sitter), loaded on first use and shared by every feature (the C front end's code too: it is not in the activation's bundle). */
  loadParser(): Promise<CParser> {
    this.parser ??= import('../lang/c/parser').then(({ CParser }) => CParser.create((file) => vscode.Uri.joinPath(this.extensionUri, 'dist', file).fsPath));
    this.parser.catch(() => { this.parser = undefined; });
    return this.parser;
  }
}

export function isCDocument(document: vscode.TextDocument): boolean {
  return document.languageId === 'c' && (document.uri.scheme === 'file' || document.uri.scheme === 'untitled' || document.uri.scheme === 'vscode-remote' || document.uri.scheme === EXAMPLE_SCHEME);
}
