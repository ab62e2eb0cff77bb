import * as vscode from 'vscode';
import { DEFAULT_LAYOUT, type FromWebviewMessage, type PanelLayout, type ToWebviewMessage, parseFromWebview, parseLayout } from '../shared/messages';
import type { Snapshot } from '../shared/snapshot';
import type { ViewRequest, ViewResponse } from '../shared/viewRequests';
import { isViewResponse } from '../shared/viewRequests';
import { CONTRACT_VERSION } from '../shared/version';
import { type ProgramImages, isCDocument } from './programImages';
import { webviewHtml } from './webviewHtml';
import type { TourState } from '../shared/tour';
import type { ExampleTopic } from '../shared/tutorials';

export const PANEL_VIEW_TYPE = 'memoryAtlas.addressSpace';
/** The DAP custom request the adapter answers with src/debug/viewRequests.ts. */
const VIEW_REQUEST = 'memoryAtlas.view';
const LAYOUT_KEY = 'memoryAtlas.panelLayout';

/** What the panel needs from activation to open itself when a debug session stops. */
interface PanelHost {
  readonly extensionUri: vscode.Uri;
  readonly images: ProgramImages;
  readonly memento: vscode.Memento;
  /** The tutorials' side: the examples view's list, opening one, and answers to questions. */
  readonly tutorials?: PanelTutorials;
}

export interface PanelTutorials {
  examples(): Promise<readonly ExampleTopic[]>;
  openExample(path: string, step: boolean): Promise<void>;
  answer(session: vscode.DebugSession | undefined, question: number, answer: number | string): Promise<void>;
}

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
  private static host: PanelHost | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  /** The debug session whose stops the live views show, and its last stop (re-sent to a reloaded webview). */
  private debugSession: vscode.DebugSession | undefined;
  private lastStop: { sessionName: string; snapshot: Snapshot } | undefined;
  private sessionEnded = false;
  /** The annotated program's last tour state (re-sent to a reloaded webview). */
  private lastTour: TourState | undefined;

  /** Called once at activation: what the panel needs to open itself on a debug stop. */
  static configure(host: PanelHost): void {
    AddressSpacePanel.host = host;
  }

  /**
   * A debug session stopped (the debug tracker forwards the adapter's `memoryAtlas.snapshot`
   * event here): the live views show the machine at this stop, opening the panel beside the
   * editor if it is not open.
   */
  static showStop(debugSession: vscode.DebugSession, snapshot: Snapshot): void {
    const host = AddressSpacePanel.host;
    let panel = AddressSpacePanel.current;
    if (!panel) {
      if (!host) return;
      const created = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, 'Memory Atlas', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(host.extensionUri));
      const source = vscode.window.activeTextEditor?.document.uri;
      panel = new AddressSpacePanel(created, host.extensionUri, host.images, source);
      AddressSpacePanel.current = panel;
    }
    if (panel.debugSession?.id !== debugSession.id) {
      panel.lastTour = undefined;
      // The panel follows the session's file (its title, and where a click on a line goes), not the C file it showed before.
      const program = sessionProgram(debugSession);
      if (program && program.toString() !== panel.source?.toString()) {
        panel.source = program;
        panel.updateTitle();
      }
    }
    panel.debugSession = debugSession;
    panel.sessionEnded = false;
    panel.lastStop = { sessionName: debugSession.name, snapshot };
    panel.post({ type: 'stop', version: CONTRACT_VERSION, sessionName: debugSession.name, snapshot });
  }

  /** What the annotations say at the stop just shown (the adapter's tour event follows its snapshot). */
  static showTour(debugSession: vscode.DebugSession, state: TourState): void {
    const panel = AddressSpacePanel.current;
    if (!panel || panel.debugSession?.id !== debugSession.id) return;
    panel.lastTour = state.cause === 'stop' || !panel.lastTour ? state : { ...panel.lastTour, question: state.question };
    panel.post({ type: 'tour', version: CONTRACT_VERSION, state });
  }

  /** The debug session ended: the views keep its last stop, marked as the last. */
  static endSession(debugSession: vscode.DebugSession): void {
    const panel = AddressSpacePanel.current;
    if (!panel || panel.debugSession?.id !== debugSession.id) return;
    panel.debugSession = undefined;
    panel.sessionEnded = true;
    panel.post({ type: 'session-ended', version: CONTRACT_VERSION });
  }

  /** The Call Stack view's selected frame changed: the stack view highlights the same frame. */
  static selectFrame(debugSession: vscode.DebugSession, frame: number): void {
    const panel = AddressSpacePanel.current;
    if (panel && panel.debugSession?.id === debugSession.id) panel.post({ type: 'select-frame', version: CONTRACT_VERSION, frame });
  }

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

  /** The live views' latest stop (for tests and the debug wiring). */
  get stop(): Snapshot | undefined {
    return this.lastStop?.snapshot;
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
      case 'ready': {
        const layout = parseLayout(AddressSpacePanel.host?.memento.get(LAYOUT_KEY)) ?? DEFAULT_LAYOUT;
        this.post({ type: 'layout', version: CONTRACT_VERSION, layout });
        if (this.lastStop) this.post({ type: 'stop', version: CONTRACT_VERSION, ...this.lastStop });
        if (this.lastStop && this.sessionEnded) this.post({ type: 'session-ended', version: CONTRACT_VERSION });
        if (this.lastStop && this.lastTour) this.post({ type: 'tour', version: CONTRACT_VERSION, state: this.lastTour });
        const tutorials = AddressSpacePanel.host?.tutorials;
        if (tutorials) this.post({ type: 'examples', version: CONTRACT_VERSION, topics: await tutorials.examples() });
        await this.refresh();
        return;
      }
      case 'answer':
        await AddressSpacePanel.host?.tutorials?.answer(this.debugSession, message.question, message.answer);
        return;
      case 'open-example':
        await AddressSpacePanel.host?.tutorials?.openExample(message.path, message.step);
        return;
      case 'view-request':
        this.post({ type: 'view-response', version: CONTRACT_VERSION, id: message.id, response: await this.askAdapter(message.request) });
        return;
      case 'layout':
        await AddressSpacePanel.host?.memento.update(LAYOUT_KEY, message.layout satisfies PanelLayout);
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

  /** A view's request, answered by the debug adapter (src/debug/viewRequests.ts) of the session shown. */
  private async askAdapter(request: ViewRequest): Promise<ViewResponse> {
    const session = this.debugSession;
    if (!session) return { kind: 'error', message: this.sessionEnded ? 'the debug session has ended: these are its last figures' : 'no debug session is running' };
    try {
      const answer: unknown = await session.customRequest(VIEW_REQUEST, request);
      return isViewResponse(answer) ? answer : { kind: 'error', message: 'the debugger sent an answer the views cannot read' };
    } catch (e) {
      return { kind: 'error', message: `the debugger could not answer: ${(e as Error).message}` };
    }
  }

  private scheduleRefresh(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.refresh(), 250);
  }

  private async refresh(): Promise<void> {
    if (!this.source) {
      if (this.lastStop) return; // the live views need no document
      this.post({ type: 'failure', version: CONTRACT_VERSION, source: '', message: 'Open a C file and run "Memory Atlas: Show Address Space".' });
      return;
    }
    const label = vscode.workspace.asRelativePath(this.source, false);
    try {
      const document = await vscode.workspace.openTextDocument(this.source);
      if (document.languageId !== 'c') {
        if (this.lastStop) return; // a JavaScript session's stops: there is no static C image to draw
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

/** The panel under the name the debug wiring uses. */
export { AddressSpacePanel as MemoryPanel };

/** The file a Memory Atlas debug session runs: its launch `program`, a path or (untitled, an example) a URI. */
function sessionProgram(debugSession: vscode.DebugSession): vscode.Uri | undefined {
  const program = debugSession.configuration.program;
  if (typeof program !== 'string' || program === '') return undefined;
  return /^[a-z][a-z0-9+.-]+:/i.test(program) && !/^[a-z]:[\\/]/i.test(program) ? vscode.Uri.parse(program) : vscode.Uri.file(program);
}
