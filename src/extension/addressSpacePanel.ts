import * as vscode from 'vscode';
import { type FromWebviewMessage, type ToWebviewMessage, parseFromWebview } from '../shared/messages';
import { CONTRACT_VERSION } from '../shared/version';
import { type ProgramImages, isCDocument } from './programImages';
import { webviewHtml } from './webviewHtml';

export const PANEL_VIEW_TYPE = 'memoryAtlas.addressSpace';

/** What VS Code keeps for a panel across window reloads (see the serializer in extension.ts). */
export interface PanelState {
  readonly source: string;
}

/**
 * The Memory Atlas panel: one per window, beside the editor. It shows the C document it was
 * opened for and follows the active editor when another C file comes to the front; it redraws
 * shortly after the document changes. The webview keeps its last snapshot in its own state, so
 * hiding and showing the panel is instant, and the host answers its `ready` with a fresh one.
 */
export class AddressSpacePanel implements vscode.Disposable {
  private static current: AddressSpacePanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  static createOrShow(extensionUri: vscode.Uri, images: ProgramImages, document: vscode.TextDocument): AddressSpacePanel {
    const column = vscode.ViewColumn.Beside;
    if (AddressSpacePanel.current) {
      AddressSpacePanel.current.panel.reveal(column, true);
      AddressSpacePanel.current.show(document);
      return AddressSpacePanel.current;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, 'Memory Atlas', { viewColumn: column, preserveFocus: true }, webviewOptions(extensionUri));
    AddressSpacePanel.current = new AddressSpacePanel(panel, extensionUri, images, document.uri);
    return AddressSpacePanel.current;
  }

  /** Re-creates the panel after a window reload, for the document it showed. */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, images: ProgramImages, state: PanelState | undefined): void {
    panel.webview.options = webviewOptions(extensionUri);
    const source = state?.source ? vscode.Uri.parse(state.source) : vscode.window.activeTextEditor?.document.uri;
    AddressSpacePanel.current?.dispose();
    AddressSpacePanel.current = new AddressSpacePanel(panel, extensionUri, images, source);
  }

  static get instance(): AddressSpacePanel | undefined {
    return AddressSpacePanel.current;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly images: ProgramImages,
    private source: vscode.Uri | undefined,
  ) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.svg');
    panel.webview.html = webviewHtml(panel.webview, extensionUri);
    this.updateTitle();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw) => {
        const message = parseFromWebview(raw);
        if (message) void this.onMessage(message);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() === this.source?.toString()) this.scheduleRefresh();
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor && isCDocument(editor.document) && editor.document.uri.toString() !== this.source?.toString()) this.show(editor.document);
      }),
    );
  }

  /** The document the panel is showing. */
  get sourceUri(): vscode.Uri | undefined {
    return this.source;
  }

  show(document: vscode.TextDocument): void {
    this.source = document.uri;
    this.updateTitle();
    void this.refresh();
  }

  private async onMessage(message: FromWebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        await this.refresh();
        return;
      case 'reveal': {
        if (!this.source) return;
        const document = await vscode.workspace.openTextDocument(this.source);
        const position = new vscode.Position(message.line - 1, message.column - 1);
        await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(position, position) });
        return;
      }
    }
  }

  private scheduleRefresh(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.refresh(), 250);
  }

  private async refresh(): Promise<void> {
    if (!this.source) {
      this.post({ type: 'failure', version: CONTRACT_VERSION, source: '', message: 'Open a C file and run "Memory Atlas: Show Address Space".' });
      return;
    }
    const label = vscode.workspace.asRelativePath(this.source, false);
    try {
      const document = await vscode.workspace.openTextDocument(this.source);
      if (document.languageId !== 'c') {
        this.post({ type: 'failure', version: CONTRACT_VERSION, source: label, message: `${label} is not a C file (language: ${document.languageId}).` });
        return;
      }
      const snapshot = await this.images.imageOf(document);
      this.post({ type: 'snapshot', version: CONTRACT_VERSION, documentUri: this.source.toString(), snapshot });
    } catch (e) {
      this.post({ type: 'failure', version: CONTRACT_VERSION, source: label, message: `Could not read ${label}: ${(e as Error).message}` });
    }
  }

  private post(message: ToWebviewMessage): void {
    void this.panel.webview.postMessage(message);
  }

  private updateTitle(): void {
    const name = this.source?.path.split('/').pop();
    this.panel.title = name ? `Memory Atlas: ${name}` : 'Memory Atlas';
  }

  dispose(): void {
    if (AddressSpacePanel.current === this) AddressSpacePanel.current = undefined;
    clearTimeout(this.refreshTimer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}
