import { type Annotations, type Milestone, type Question, judgeAnswer } from '../shared/annotations';
import { interpolate } from '../shared/annotations/interpolate';
import { type TourQuestion, type TourReveal, type TourState, TOUR_VERSION, isAnswer } from '../shared/tour';
import { isInspectionError } from '../engine/program/programInspector';
import { AnnotationStops } from '../session/annotationStops';
import { leaksNow } from '../session/annotatedRun';
import type { BreakpointSpec, Command, Session } from '../session/session';
import type { StopEvent } from '../session/sessionEvents';

/**
 * Walks a debug session through its file's annotations (narration, predict-then-reveal
 * questions, milestones): the adapter asks it for the breakpoints the annotations add, lets it
 * turn a continue into the step that finishes a question's line, tells it of every stop, and
 * passes it the answers. It says what to show as a TourState (sent as a DAP custom event).
 */
export class TourGuide {
  private readonly stops: AnnotationStops;
  /** The question asked and not yet revealed (the innermost, when several wait). */
  private current?: Question;
  private readonly answers = new Map<number, number | string>();
  private readonly reached = new Set<string>();
  private lastStop?: StopEvent;
  /** The example's panel views go with the first stop only (the user may rearrange them after). */
  private viewsSent = false;

  constructor(private readonly session: Session, private readonly annotations: Annotations) {
    this.stops = new AnnotationStops(annotations, session.program.runnable ? session.program.statementLines : new Set());
  }

  /** The file has something to show or ask (a plain file sends no tour events). */
  get annotated(): boolean {
    const a = this.annotations;
    return a.narration.length > 0 || a.questions.length > 0 || a.exitNarration.length > 0 || a.milestones.length > 0 || a.settings.views !== undefined;
  }

  /** The breakpoints the annotations still want, except on lines the user's own breakpoints hold. */
  specs(userLines: ReadonlySet<number>): BreakpointSpec[] {
    return this.stops.specs().filter((s) => !userLines.has(s.line));
  }

  /** What a stop at an annotated line is, in the words VS Code shows after "Paused" (undefined: not one). */
  pauseReason(line: number): string | undefined {
    if (this.current?.line === line || this.annotations.questions.some((q) => q.line === line && this.stops.lines.includes(line))) return 'Paused at a question: predict, then Continue';
    return this.stops.lines.includes(line) ? 'Paused at a narrated line' : undefined;
  }

  /** While a question waits for its line to finish, continue is the step that finishes it: over the line, or out of a call it made. */
  adjust(command: Command): Command {
    const waiting = this.stops.innermostWaiting;
    const p = this.session.program;
    if (command.kind !== 'continue' || !waiting || !p.runnable || p.ended || waiting.questions.length === 0) return command;
    return p.depth > waiting.depth ? { kind: 'step-out' } : { kind: 'step-over', granularity: 'line' };
  }

  /** A stop: what to show there. `changed` says the annotation breakpoints must be placed again. */
  onStop(stop: StopEvent): { state: TourState; changed: boolean } {
    this.lastStop = stop;
    const p = this.session.program;
    const ended = stop.kind === 'exited';
    // Stopped just before an error, the questions waiting are answered: the program dies next.
    const faulted = stop.kind === 'stopped' && stop.reason === 'exception';
    const reveals: TourReveal[] = [];
    for (const done of this.stops.finish(p.depth, p.steps, ended || faulted)) {
      for (const q of done.questions) reveals.push(this.reveal(q, ended));
    }
    if (this.current && reveals.some((r) => r.id === this.current!.id)) this.current = undefined;
    let narration: TourState['narration'] = [];
    const before = JSON.stringify(this.stops.specs());
    if (stop.kind === 'stopped') {
      const arrival = this.stops.arrive(stop.line, p.depth, p.steps, (c) => p.inspector.condition(c, 0) !== false);
      narration = arrival.narration.map((n) => ({ line: stop.line, text: this.quote(n.text, false) }));
      if (arrival.asked.length) this.current = arrival.asked[arrival.asked.length - 1];
    }
    const milestones = this.milestones(stop);
    const first = !this.viewsSent;
    this.viewsSent = true;
    return {
      state: {
        version: TOUR_VERSION, cause: 'stop', steps: p.runnable ? p.steps : 0, ...(stop.kind === 'stopped' ? { line: stop.line } : {}), narration,
        ...(this.current ? { question: this.question(this.current) } : {}), reveals,
        exitNarration: ended ? this.annotations.exitNarration : [], milestones, annotated: this.annotated,
        ...(first && this.annotations.settings.views ? { views: this.annotations.settings.views } : {}),
      },
      changed: JSON.stringify(this.stops.specs()) !== before,
    };
  }

  /** Records an answer; the state to show now (the question with its answer, a milestone reached). */
  answer(args: unknown): { state: TourState } | { error: string } {
    const a = (args ?? {}) as { question?: unknown; answer?: unknown };
    const q = this.annotations.questions.find((x) => x.id === a.question);
    if (!q) return { error: `no question ${String(a.question)} in this file` };
    if (!isAnswer(a.answer)) return { error: 'an answer is the index of a choice or a short text' };
    if (q.kind === 'choice' && (typeof a.answer !== 'number' || a.answer >= q.choices.length)) return { error: `question ${q.id} takes the index of one of its ${q.choices.length} choices` };
    this.answers.set(q.id, a.answer);
    const p = this.session.program;
    const last = this.lastStop;
    return {
      state: {
        version: TOUR_VERSION, cause: 'answer', steps: p.runnable ? p.steps : 0, ...(last?.kind === 'stopped' ? { line: last.line } : {}), narration: [],
        ...(this.current ? { question: this.question(this.current) } : {}), reveals: [], exitNarration: [],
        milestones: this.milestones(undefined), annotated: this.annotated,
      },
    };
  }

  private question(q: Question): TourQuestion {
    const answer = this.answers.get(q.id);
    return { id: q.id, line: q.line, prompt: q.prompt, kind: q.kind, choices: q.choices.map((c) => c.text), ...(answer !== undefined ? { answer } : {}) };
  }

  private reveal(q: Question, ended: boolean): TourReveal {
    const given = this.answers.get(q.id);
    const answer = given === undefined ? undefined : typeof given === 'number' ? q.choices[given]?.text : given;
    return {
      id: q.id, line: q.line, prompt: q.prompt,
      ...(answer !== undefined ? { answer } : {}),
      judgement: given === undefined ? 'unanswered' : judgeAnswer(q, given),
      right: q.kind === 'choice' ? q.choices.filter((c) => c.correct).map((c) => c.text) : q.accept,
      text: this.quote(q.reveal, ended),
    };
  }

  /** A text with its {expressions} evaluated in the innermost frame (once the program has ended, there is nothing to quote). */
  private quote(text: string, ended: boolean): string {
    const p = this.session.program;
    return interpolate(text, (e) => {
      if (ended || !p.runnable || p.ended) return { value: '…' };
      const v = p.inspector.evaluate(e, 0, 'watch');
      return isInspectionError(v) ? { error: v.error } : { value: v.value };
    });
  }

  /** Milestones reached by now and not reported yet. */
  private milestones(stop: StopEvent | undefined): string[] {
    const fresh: string[] = [];
    for (const m of this.annotations.milestones) {
      if (!this.reached.has(m.id) && this.holds(m, stop)) {
        this.reached.add(m.id);
        fresh.push(m.id);
      }
    }
    return fresh;
  }

  private holds(m: Milestone, stop: StopEvent | undefined): boolean {
    const p = this.session.program;
    switch (m.when.kind) {
      case 'answered':
        return this.annotations.questions.length > 0 && this.annotations.questions.every((q) => this.answers.has(q.id));
      case 'end':
        return stop?.kind === 'exited';
      case 'error': {
        const kind = m.when.errorKind;
        if (stop?.kind === 'stopped' && stop.reason === 'exception') return stop.fault?.kind === kind;
        return stop?.kind === 'exited' && p.runnable && p.faults().some((f) => f.kind === kind);
      }
      case 'clean': {
        if (stop?.kind !== 'exited' || stop.code !== 0 || !p.runnable || p.faults().some((f) => f.kind !== 'leak')) return false;
        const leaks = leaksNow(p);
        return leaks !== undefined && leaks.definitely.blocks + leaks.indirectly.blocks + leaks.possibly.blocks === 0;
      }
    }
  }
}
