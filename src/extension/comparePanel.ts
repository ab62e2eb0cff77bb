import * as vscode from 'vscode';
import { CProgram } from '../lang/c/program/cProgram';
import { Session, type Command, type SessionOptions } from '../session/session';
import { compareNow } from '../session/compareAllocators';
import type { AllocatorName } from '../shared/allocators';
import { type CompareCommand, type FromCompareViewMessage, type ToCompareViewMessage, parseFromCompareView } from '../shared/compareMessages';
import { formatDiagnostic, hasErrors } from '../shared/diagnostics';
import { CONTRACT_VERSION } from '../shared/version';
import type { ProgramImages } from './programImages';
import { webviewHtml } from './webviewHtml';

export const COMPARE_VIEW_TYPE = 'memoryAtlas.compareAllocators';
/** The compare view's document title (tests find its webview by it). */
export const COMPARE_TITLE = 'Memory Atlas: Compare Allocators';

interface Run {
  readonly allocator: AllocatorName;
  readonly session: Session<CProgram>;
}

/** The session command behind each button of the view. */
const COMMANDS: Readonly<Record<CompareCommand, Command>> = {
  'step-in': { kind: 'step-in' },
  'step-over': { kind: 'step-over', granularity: 'line' },
  'step-back': { kind: 'step-back', to: 'previous-stop' },
  continue: { kind: 'run' },
  restart: { kind: 'go-to-step', step: 0 },
};

/**
 * "Memory Atlas: Compare Allocators": one C program in one session per allocator, side by side.
 * A button runs its command on the first session (sliced, so the editor stays responsive), then
 * takes every other session to the same step, so they all show the same moment of the program.
 */
export class ComparePanel implements vscode.Disposable {
  private static current: ComparePanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private busy = false;

  static async open(extensionUri: vscode.Uri, images: ProgramImages, document: vscode.TextDocument, allocators: readonly AllocatorName[]): Promise<ComparePanel | undefined> {
    const parser = await images.loadParser();
    const source = vscode.workspace.asRelativePath(document.uri, false);
    const text = document.getText();
    const runs = allocators.map((allocator) => {
      const options: SessionOptions = { allocator, checkpointInterval: 200 };
      return { allocator, session: new Session(CProgram.create(parser, text, source, options), options) };
    });
    const diagnostics = runs[0].session.diagnostics;
    if (hasErrors(diagnostics)) {
      const first = diagnostics.find((d) => d.severity === 'error')!;
      void vscode.window.showErrorMessage(`Memory Atlas cannot run ${source}: ${formatDiagnostic(source, first)}`);
      return undefined;
    }
    ComparePanel.current?.dispose();
    const panel = vscode.window.createWebviewPanel(COMPARE_VIEW_TYPE, `Allocators: ${document.uri.path.split('/').pop()}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
    });
    ComparePanel.current = new ComparePanel(panel, extensionUri, source, runs);
    return ComparePanel.current;
  }

  static get instance(): ComparePanel | undefined {
    return ComparePanel.current;
  }

  private constructor(readonly panel: vscode.WebviewPanel, extensionUri: vscode.Uri, private readonly source: string, private readonly runs: readonly Run[]) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.svg');
    panel.webview.html = webviewHtml(panel.webview, extensionUri, 'compare.js', 'Starting the program under each allocator…', COMPARE_TITLE);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw) => {
        const message = parseFromCompareView(raw);
        if (message) void this.onMessage(message);
      }),
    );
  }

  /** The step all runs are at. */
  get steps(): number {
    return this.runs[0].session.steps;
  }

  /** Runs a button's command on every session. */
  run(command: CompareCommand): Promise<void> {
    return this.drive(COMMANDS[command], command.replace('-', ' '));
  }

  /** Every run to the next time the program reaches `line` (1-based). */
  runToLine(line: number): Promise<void> {
    return this.drive({ kind: 'run-to-line', line }, `run to line ${line}`);
  }

  private async drive(command: Command, what: string): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.post({ type: 'busy', version: CONTRACT_VERSION });
    try {
      const [lead, ...rest] = this.runs;
      await lead.session.begin(command);
      for (const r of rest) await r.session.begin({ kind: 'go-to-step', step: lead.session.steps });
    } catch (e) {
      this.post({ type: 'failure', version: CONTRACT_VERSION, message: `Could not ${what}: ${(e as Error).message}` });
    } finally {
      this.busy = false;
    }
    this.refresh();
  }

  private async onMessage(message: FromCompareViewMessage): Promise<void> {
    if (message.type === 'ready') this.refresh();
    else await this.run(message.command);
  }

  private refresh(): void {
    try {
      this.post({ type: 'comparison', version: CONTRACT_VERSION, comparison: compareNow(this.source, this.runs), busy: this.busy });
    } catch (e) {
      // A defect of Memory Atlas, not of the program: say so in the view rather than leave it blank.
      this.post({ type: 'failure', version: CONTRACT_VERSION, message: `Internal error while reading the heaps (a defect of Memory Atlas, please report it with the file): ${(e as Error).message}` });
    }
  }

  private post(message: ToCompareViewMessage): void {
    void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    if (ComparePanel.current === this) ComparePanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
