import * as vscode from 'vscode';
import { SNAPSHOT_EVENT } from '../../debug/eventNames';
import type { SourceMark } from '../../engine/program/steppableProgram';
import type { Snapshot } from '../../shared/snapshot';
import { DEBUG_TYPE } from './debugType';

/** What shows a debug session's stops beside the editor (the memory panel). */
export interface LiveViews {
  showStop(session: vscode.DebugSession, snapshot: Snapshot): void;
  endSession(session: vscode.DebugSession): void;
  /** The Call Stack view's selected frame (0 = innermost), so the panel highlights the same one. */
  selectFrame?(session: vscode.DebugSession, frame: number): void;
}

interface StopBody {
  readonly snapshot?: Snapshot;
  readonly marks?: { readonly allocation?: SourceMark; readonly free?: SourceMark };
}

/**
 * Follows Memory Atlas debug sessions for the editor: each stop's snapshot goes to the memory
 * panel, the lines of the last allocation and the last free are decorated in the program's editor,
 * and the panel's frame follows the Call Stack view's selection.
 */
export class DebugStops implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly allocation = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    overviewRulerColor: new vscode.ThemeColor('charts.green'),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
    after: { color: new vscode.ThemeColor('editorCodeLens.foreground'), margin: '0 0 0 2em' },
  });
  private readonly free = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    overviewRulerColor: new vscode.ThemeColor('charts.orange'),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
    after: { color: new vscode.ThemeColor('editorCodeLens.foreground'), margin: '0 0 0 2em' },
  });
  private marks = new Map<string, NonNullable<StopBody['marks']>>();

  constructor(private readonly views: () => LiveViews | undefined) {
    this.disposables.push(
      this.allocation,
      this.free,
      vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => {
        if (e.session.type !== DEBUG_TYPE || e.event !== SNAPSHOT_EVENT) return;
        const body = (e.body ?? {}) as StopBody;
        if (body.snapshot) this.views()?.showStop(e.session, body.snapshot);
        this.marks.set(programOf(e.session), body.marks ?? {});
        this.decorate();
      }),
      vscode.debug.onDidTerminateDebugSession((session) => {
        if (session.type !== DEBUG_TYPE) return;
        this.views()?.endSession(session);
        this.marks.delete(programOf(session));
        this.decorate();
      }),
      vscode.debug.onDidChangeActiveStackItem((item) => {
        if (item instanceof vscode.DebugStackFrame && item.session.type === DEBUG_TYPE) this.views()?.selectFrame?.(item.session, item.frameId);
      }),
      vscode.window.onDidChangeVisibleTextEditors(() => this.decorate()),
    );
  }

  private decorate(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const marks = this.marks.get(editor.document.uri.fsPath) ?? this.marks.get(editor.document.uri.toString());
      const decoration = (mark: SourceMark | undefined): vscode.DecorationOptions[] => {
        if (!mark || mark.line < 1 || mark.line > editor.document.lineCount) return [];
        const line = editor.document.lineAt(mark.line - 1);
        return [{ range: line.range, renderOptions: { after: { contentText: `◂ ${mark.text}` } }, hoverMessage: mark.text }];
      };
      editor.setDecorations(this.allocation, decoration(marks?.allocation));
      editor.setDecorations(this.free, decoration(marks?.free));
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** The program a session runs, as the editor's documents name it (a path, or a URI for untitled files). */
function programOf(session: vscode.DebugSession): string {
  return String(session.configuration.program ?? '');
}
