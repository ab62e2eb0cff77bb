import type { Annotations, Expectation, Narration, Question } from '../shared/annotations';
import { type BreakpointSpec, breakpointLine } from './session';

export type AfterExpectation = Extract<Expectation, { kind: 'after' | 'leaks-after' | 'growth-after' }>;

/** What an annotated line has for the run: narration, questions and checks made once it has run. */
interface Place {
  /** The line a breakpoint there stops at. */
  readonly line: number;
  readonly narration: Narration[];
  readonly questions: Question[];
  readonly after: AfterExpectation[];
}

/** A question asked (or a check armed) at a line, waiting for that line to finish. */
export interface Awaiting {
  readonly depth: number;
  readonly steps: number;
  readonly questions: readonly Question[];
  readonly after: readonly AfterExpectation[];
}

/** What a stop at a line brings. */
export interface Arrival {
  /** Every narration bound to the line (shown at each stop there). */
  readonly narration: readonly Narration[];
  /** Questions asked now (the first time their line is reached with their condition true). */
  readonly asked: readonly Question[];
}

/**
 * Where an annotated program pauses for its annotations, shared by the debug adapter and the
 * checker so that both walk a tutorial the same way. A narrated line stops a continue the first
 * time it is reached; a question's line stops it the first time its condition holds, and the
 * question is answered (revealed) once that line has finished: the first stop at its call depth
 * or shallower, later than where it was asked. The annotations' lines are moved to the lines
 * breakpoints stop at (the next statement, as for a breakpoint on a comment).
 */
export class AnnotationStops {
  private readonly places = new Map<number, Place>();
  /** Lines whose narration has stopped a continue once. */
  private readonly narrated = new Set<number>();
  private readonly asked = new Set<number>();
  private readonly armed = new Set<number>();
  private readonly waiting: Awaiting[] = [];
  /** Annotations bound to a line no breakpoint can stop at. */
  readonly unplaceable: readonly (Narration | Question)[];

  constructor(annotations: Annotations, statementLines: ReadonlySet<number>) {
    const unplaceable: (Narration | Question)[] = [];
    const place = (line: number): Place | undefined => {
      const at = breakpointLine(statementLines, line);
      if (at === undefined) return undefined;
      let p = this.places.get(at);
      if (!p) this.places.set(at, (p = { line: at, narration: [], questions: [], after: [] }));
      return p;
    };
    for (const n of annotations.narration) {
      const p = place(n.line);
      if (p) p.narration.push(n);
      else unplaceable.push(n);
    }
    for (const q of annotations.questions) {
      const p = place(q.line);
      if (p) p.questions.push(q);
      else unplaceable.push(q);
    }
    for (const e of annotations.expectations) if (e.kind === 'after' || e.kind === 'leaks-after' || e.kind === 'growth-after') place(e.line)?.after.push(e);
    this.unplaceable = unplaceable;
  }

  /** Lines that hold any annotation (the editor decorates them). */
  get lines(): readonly number[] {
    return [...this.places.keys()];
  }

  /** The breakpoints still wanted: unconditional where narration or an unconditional question waits, else the questions' conditions. */
  specs(): BreakpointSpec[] {
    const specs: BreakpointSpec[] = [];
    for (const p of this.places.values()) {
      // Checks written with a question are made when it is asked; others the first time the line runs.
      const plain = (p.narration.length > 0 && !this.narrated.has(p.line)) || (p.after.length > 0 && p.questions.length === 0 && !this.armed.has(p.line))
        || p.questions.some((q) => !this.asked.has(q.id) && !q.condition);
      const conditions = p.questions.filter((q) => !this.asked.has(q.id) && q.condition).map((q) => `(${q.condition})`);
      if (plain) specs.push({ line: p.line });
      else if (conditions.length) specs.push({ line: p.line, condition: conditions.join(' || ') });
    }
    return specs;
  }

  /**
   * A stop at `line` at call depth `depth` after `steps` statements. `holds` evaluates a
   * question's condition there (an error counts as true: the author learns of it where it is).
   */
  arrive(line: number, depth: number, steps: number, holds: (condition: string) => boolean): Arrival {
    const p = this.places.get(line);
    if (!p) return { narration: [], asked: [] };
    this.narrated.add(line);
    const asked = p.questions.filter((q) => !this.asked.has(q.id) && (!q.condition || holds(q.condition)));
    for (const q of asked) this.asked.add(q.id);
    const arm = !this.armed.has(line) && (p.questions.length === 0 || asked.length > 0);
    const after = arm ? p.after : [];
    if (arm) this.armed.add(line);
    if (asked.length || after.length) this.waiting.push({ depth, steps, questions: asked, after });
    return { narration: p.narration, asked };
  }

  /** The questions and checks whose line has finished by this stop (or by the end of the program), no longer waiting. */
  finish(depth: number, steps: number, ended: boolean): Awaiting[] {
    const done: Awaiting[] = [];
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      const w = this.waiting[i];
      if (!ended && (depth > w.depth || steps <= w.steps)) continue;
      this.waiting.splice(i, 1);
      done.unshift(w);
    }
    return done;
  }

  /** The innermost question or check still waiting for its line to finish. */
  get innermostWaiting(): Awaiting | undefined {
    return this.waiting[this.waiting.length - 1];
  }

  /** Narration, questions and checks whose line was never reached. */
  unreached(): { narration: Narration[]; questions: Question[]; after: AfterExpectation[] } {
    const out = { narration: [] as Narration[], questions: [] as Question[], after: [] as AfterExpectation[] };
    for (const p of this.places.values()) {
      if (!this.narrated.has(p.line)) out.narration.push(...p.narration);
      out.questions.push(...p.questions.filter((q) => !this.asked.has(q.id)));
      if (!this.armed.has(p.line)) out.after.push(...p.after);
    }
    for (const w of this.waiting) out.after.push(...w.after);
    return out;
  }
}
