import * as vscode from 'vscode';
import { type ProgramImages, isCDocument } from './programImages';
import { toVsDiagnostic } from './ranges';

/**
 * Keeps the Problems panel and the squiggles in step with every open C file: analysed when opened,
 * again shortly after typing stops, cleared when closed. Can be turned off for people who prefer
 * their compiler's diagnostics (setting `memoryAtlas.diagnostics.enabled`).
 */
export class DiagnosticsController implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('memory-atlas');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly images: ProgramImages) {
    this.disposables.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, 300)),
      vscode.workspace.onDidCloseTextDocument((d) => this.clear(d)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('memoryAtlas.diagnostics.enabled')) this.refreshAll();
      }),
    );
    this.refreshAll();
  }

  private refreshAll(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  private schedule(document: vscode.TextDocument, delayMs: number): void {
    if (!isCDocument(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => void this.update(document), delayMs));
  }

  private async update(document: vscode.TextDocument): Promise<void> {
    this.timers.delete(document.uri.toString());
    if (document.isClosed) return;
    if (!vscode.workspace.getConfiguration('memoryAtlas').get<boolean>('diagnostics.enabled', true)) {
      this.collection.delete(document.uri);
      return;
    }
    try {
      const snapshot = await this.images.imageOf(document);
      this.collection.set(document.uri, snapshot.diagnostics.map(toVsDiagnostic));
    } catch (e) {
      void vscode.window.showErrorMessage(`Memory Atlas could not analyse ${vscode.workspace.asRelativePath(document.uri)}: ${(e as Error).message}`);
    }
  }

  private clear(document: vscode.TextDocument): void {
    clearTimeout(this.timers.get(document.uri.toString()));
    this.collection.delete(document.uri);
    this.images.forget(document);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}
