import * as vscode from 'vscode';
import { type TourQuestion, type TourReveal, type TourState, ANSWER_REQUEST, TOUR_EVENT, parseTourState } from '../../shared/tour';
import { milestoneContextKey } from '../../shared/tutorials';
import { DEBUG_TYPE } from '../debug/debugType';

const MILESTONES_KEY = 'memoryAtlas.milestones';
const SHORT = 110;

/** Where the tour is shown besides the editor (the memory panel). */
export interface TourViews {
  showTour(session: vscode.DebugSession, state: TourState): void;
}

/**
 * The annotations' side of a debug session in the editor: narration and questions decorate the
 * line they belong to when execution reaches it, a question asks for an answer (a quick pick, or
 * the panel), reveals say whether the prediction was right, and milestones set the context keys
 * `memoryAtlas.done.<id>` that complete walkthrough steps (kept across windows).
 */
export class TourController implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly narration = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('editor.rangeHighlightBackground'),
    overviewRulerColor: new vscode.ThemeColor('textLink.foreground'),
    overviewRulerLane: vscode.OverviewRulerLane.Center,
    after: { color: new vscode.ThemeColor('textLink.foreground'), margin: '0 0 0 2em', fontStyle: 'italic' },
  });
  private readonly question = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('editor.findMatchHighlightBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorWarning.foreground'),
    overviewRulerLane: vscode.OverviewRulerLane.Center,
    after: { color: new vscode.ThemeColor('editorWarning.foreground'), margin: '0 0 0 2em', fontWeight: 'bold' },
  });
  /** What each program's editor shows now (by the program the session runs): the last stop's tour, with the question as last answered. */
  private readonly shown = new Map<string, TourState>();
  private asking?: { session: vscode.DebugSession; id: number; cancel: vscode.CancellationTokenSource };
  private readonly reached: Set<string>;

  constructor(private readonly memento: vscode.Memento, private readonly views: () => TourViews | undefined) {
    this.reached = new Set(memento.get<string[]>(MILESTONES_KEY, []));
    for (const id of this.reached) void vscode.commands.executeCommand('setContext', milestoneContextKey(id), true);
    this.disposables.push(
      this.narration,
      this.question,
      vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => {
        if (e.session.type !== DEBUG_TYPE || e.event !== TOUR_EVENT) return;
        const state = parseTourState(e.body);
        if (state) this.onTour(e.session, state);
      }),
      vscode.debug.onDidTerminateDebugSession((session) => {
        if (session.type !== DEBUG_TYPE) return;
        this.shown.delete(programOf(session));
        if (this.asking?.session.id === session.id) this.asking.cancel.cancel();
        this.decorate();
      }),
      vscode.window.onDidChangeVisibleTextEditors(() => this.decorate()),
      vscode.commands.registerCommand('memoryAtlas.answerQuestion', () => this.ask(vscode.debug.activeDebugSession, true)),
    );
  }

  /** Milestones reached in this window and earlier ones. */
  get milestones(): ReadonlySet<string> {
    return this.reached;
  }

  /** The answer to the question waiting in `session` (from the quick pick or the panel). */
  async answer(session: vscode.DebugSession | undefined, question: number, answer: number | string): Promise<void> {
    if (!session || session.type !== DEBUG_TYPE) return;
    try {
      await session.customRequest(ANSWER_REQUEST, { question, answer });
    } catch (e) {
      void vscode.window.showErrorMessage(`Memory Atlas: the answer was not taken: ${(e as Error).message}`);
    }
  }

  private onTour(session: vscode.DebugSession, state: TourState): void {
    const key = programOf(session);
    const before = this.shown.get(key);
    // An answer changes the question only: the stop's narration and reveals stay.
    const { question: _q, ...rest } = before ?? state;
    this.shown.set(key, state.cause === 'stop' || !before ? state : { ...rest, ...(state.question ? { question: state.question } : {}) });
    this.decorate();
    this.views()?.showTour(session, state);
    for (const id of state.milestones) void this.reach(id);
    for (const r of state.reveals) void this.announce(r);
    const q = state.question;
    if (q && q.answer === undefined && this.asking?.id !== q.id && vscode.workspace.getConfiguration('memoryAtlas').get<boolean>('tutorials.askInEditor', true)) this.askOnceShown(session);
    if ((!q || q.answer !== undefined) && this.asking) this.asking.cancel.cancel();
  }

  private async reach(id: string): Promise<void> {
    const fresh = !this.reached.has(id);
    this.reached.add(id);
    await vscode.commands.executeCommand('setContext', milestoneContextKey(id), true);
    if (fresh) await this.memento.update(MILESTONES_KEY, [...this.reached]);
  }

  /** A reveal said where it is seen: the status bar, briefly (the panel and the editor keep it). */
  private async announce(r: TourReveal): Promise<void> {
    const verdict = r.judgement === 'right' ? '$(pass) Your prediction was right' : r.judgement === 'wrong' ? '$(error) Not quite' : r.judgement === 'open' ? '$(comment) Revealed' : '$(info) Revealed';
    vscode.window.setStatusBarMessage(`${verdict}: ${short(r.text, 80)}`, 8000);
  }

  /**
   * Asks once the debugger has shown the stop: VS Code moves the focus to the editor when it
   * reveals the stopped frame, which would leave a quick pick shown earlier without it.
   */
  private askOnceShown(session: vscode.DebugSession): void {
    let done = false;
    const go = () => {
      if (done) return;
      done = true;
      sub.dispose();
      clearTimeout(timer);
      setTimeout(() => void this.ask(session, false), 150);
    };
    const sub = vscode.debug.onDidChangeActiveStackItem((item) => {
      if (item && item.session.id === session.id) go();
    });
    const timer = setTimeout(go, 1500);
  }

  /** Asks the waiting question: a quick pick of its choices, or an input box for a free answer. */
  private async ask(session: vscode.DebugSession | undefined, explicit: boolean): Promise<void> {
    const q = session ? this.shown.get(programOf(session))?.question : undefined;
    if (!session || !q) {
      if (explicit) void vscode.window.showInformationMessage('Memory Atlas: no question is waiting. Questions come up as an annotated example runs.');
      return;
    }
    this.asking?.cancel.cancel();
    const cancel = new vscode.CancellationTokenSource();
    this.asking = { session, id: q.id, cancel };
    try {
      const answer = await pickAnswer(q, cancel.token);
      if (answer !== undefined) await this.answer(session, q.id, answer);
    } finally {
      if (this.asking?.cancel === cancel) this.asking = undefined;
      cancel.dispose();
    }
  }

  private decorate(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const shown = [...this.shown.entries()].find(([program]) => program === editor.document.uri.fsPath || program === editor.document.uri.toString())?.[1];
      const lines = editor.document.lineCount;
      const at = (line: number, text: string, hover: string): vscode.DecorationOptions[] =>
        line >= 1 && line <= lines ? [{ range: editor.document.lineAt(line - 1).range, renderOptions: { after: { contentText: text } }, hoverMessage: new vscode.MarkdownString(hover) }] : [];
      const narration: vscode.DecorationOptions[] = [];
      const question: vscode.DecorationOptions[] = [];
      if (shown) {
        const state = shown;
        for (const n of state.narration) narration.push(...at(n.line, `» ${short(n.text, SHORT)}`, `**Memory Atlas**\n\n${escape(n.text)}`));
        for (const r of state.reveals) narration.push(...at(state.line ?? r.line, `${r.judgement === 'right' ? '✔' : r.judgement === 'wrong' ? '✘' : '»'} ${short(r.text, SHORT)}`, revealHover(r)));
        const q = state.question;
        if (q) {
          const hint = q.answer === undefined ? ' — answer with "Memory Atlas: Answer the Question" or in the panel' : ' — answered: press F5 to see what happens';
          question.push(...at(q.line, `? ${short(q.prompt, SHORT)}${hint}`, `**Predict, then reveal**\n\n${escape(q.prompt)}${q.choices.length ? '\n\n' + q.choices.map((c, i) => `${i + 1}. ${escape(c)}`).join('\n') : ''}`));
        }
      }
      editor.setDecorations(this.narration, narration);
      editor.setDecorations(this.question, question);
    }
  }

  dispose(): void {
    this.asking?.cancel.cancel();
    for (const d of this.disposables) d.dispose();
  }
}

/** The user's answer: a choice's index or the typed text; undefined when they dismissed the question. */
async function pickAnswer(q: TourQuestion, token: vscode.CancellationToken): Promise<number | string | undefined> {
  const title = `Predict: ${q.prompt}`;
  if (q.kind === 'choice') {
    const items = q.choices.map((label, index) => ({ label, index }));
    const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Your prediction (then Continue, F5, to see what happens)', ignoreFocusOut: true }, token);
    return picked?.index;
  }
  const typed = await vscode.window.showInputBox({ title, prompt: q.kind === 'free' ? 'Type your answer, then Continue (F5) to see what happens' : 'Write down what you expect, then Continue (F5)', ignoreFocusOut: true }, token);
  return typed === undefined || typed.trim() === '' ? undefined : typed.trim();
}

function revealHover(r: TourReveal): string {
  const said = r.answer === undefined ? 'You did not answer.' : `You said: *${escape(r.answer)}*${r.judgement === 'right' ? ' — right.' : r.judgement === 'wrong' ? ' — not quite.' : '.'}`;
  const right = r.right.length && r.judgement !== 'right' ? `\n\nThe answer: **${escape(r.right.join(' / '))}**` : '';
  return `**${escape(r.prompt)}**\n\n${said}${right}\n\n${escape(r.text)}`;
}

function short(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>]/g, (c) => `\\${c}`);
}

function programOf(session: vscode.DebugSession): string {
  return String(session.configuration.program ?? '');
}
