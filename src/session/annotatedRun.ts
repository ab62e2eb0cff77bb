import type { Annotations } from '../shared/annotations';
import { type ExpectationResult, type MemoryFigures, type RunOutcome, checkRunExpectations, growthResult, leakText } from '../shared/annotations/check';
import { interpolatedExpressions } from '../shared/annotations/interpolate';
import { ERROR_KINDS } from '../shared/annotations/values';
import { LEAK_CLASS_NAMES, type Amount, type GcCountKind, type LeakClassName } from '../shared/annotations/types';
import type { LeakSummary } from '../shared/memoryIssues';
import { isInspectionError } from '../engine/program/programInspector';
import type { SteppableProgram } from '../engine/program/steppableProgram';
import type { Session } from './session';
import { type AfterExpectation, AnnotationStops } from './annotationStops';

/** What checking an annotated file's run found. */
export interface AnnotatedRunResult {
  readonly outcome: RunOutcome;
  /** Every expectation's verdict, in the file's order (the `*-after` ones where their line first ran). */
  readonly results: readonly ExpectationResult[];
  /** Narration and questions whose line the run never reached (a tutorial that drifted from its program). */
  readonly unreached: readonly { readonly line: number; readonly at: number; readonly what: 'narration' | 'question' }[];
  /** `{expression}` parts of narration and reveals that did not evaluate where they are shown. */
  readonly interpolationProblems: readonly { readonly at: number; readonly expression: string; readonly error: string }[];
}

/**
 * Runs an annotated program to its end and checks what its annotations promise: the run-level
 * expectations at the end, the `*-after` ones right after their line first runs, and that every
 * narration and question is reached with its `{expressions}` evaluating there. The session should
 * be fresh (at its entry) and may keep no history: this only goes forward.
 */
export function runAnnotated(session: Session, annotations: Annotations): AnnotatedRunResult {
  const program = session.program;
  let stdout = '';
  const off = session.onEvent((e) => {
    if (e.kind === 'output' && e.stream === 'stdout') stdout += e.text;
  });
  const start = figuresOf(program);
  const results: ExpectationResult[] = [];
  const interpolationProblems: { at: number; expression: string; error: string }[] = [];
  const evaluate = (expression: string): { value: string } | { error: string } => {
    const v = program.inspector.evaluate(expression, 0, 'watch');
    return isInspectionError(v) ? { error: v.error } : { value: v.value };
  };
  const checkInterpolations = (text: string, at: number) => {
    for (const expression of interpolatedExpressions(text)) {
      const v = evaluate(expression);
      if ('error' in v) interpolationProblems.push({ at, expression, error: v.error as string });
    }
  };
  if (!program.runnable) {
    off();
    const outcome = outcomeOf(session, stdout, start);
    return { outcome, results: checkRunExpectations(annotations.expectations, outcome), unreached: [], interpolationProblems };
  }
  const stops = new AnnotationStops(annotations, program.statementLines);
  const place = () => session.placeBreakpoints(stops.specs());
  place();
  // As in the editor (the default exception filters), the run stops just before an error, alive.
  session.setFaultStops(ERROR_KINDS.filter((k) => k !== 'out-of-memory' && k !== 'step-limit'));
  try {
    let stop = session.lastEvent;
    for (let guard = 0; guard < 1_000_000; guard++) {
      const ended = stop.kind === 'exited';
      // Stopped just before an error, the questions waiting are answered: the program dies next.
      const faulted = stop.kind === 'stopped' && stop.reason === 'exception';
      for (const done of stops.finish(program.depth, program.steps, ended || faulted)) {
        if (!ended) for (const q of done.questions) checkInterpolations(q.reveal, q.at);
        for (const e of done.after) results.push(checkAfter(session, e, start));
      }
      if (stop.kind === 'exited' || stop.reason === 'step-limit') break;
      if (faulted) {
        stop = session.continue();
        continue;
      }
      const arrival = stops.arrive(stop.line, program.depth, program.steps, (c) => program.inspector.condition(c, 0) !== false);
      for (const n of arrival.narration) checkInterpolations(n.text, n.at);
      place();
      // Going on as a user continuing here would: while a question waits, over its line or out of a call it made.
      const inner = stops.innermostWaiting;
      if (!inner) stop = session.continue();
      else if (program.depth === inner.depth) stop = session.stepOver('line');
      else stop = session.stepOut();
      if (stop.kind === 'stopped' && stop.reason !== 'breakpoint' && stop.reason !== 'step' && stop.reason !== 'step-limit' && stop.reason !== 'exception') break;
    }
  } finally {
    off();
  }
  const missed = stops.unreached();
  const unreached = [
    ...missed.narration.map((n) => ({ line: n.line, at: n.at, what: 'narration' as const })),
    ...missed.questions.map((q) => ({ line: q.line, at: q.at, what: 'question' as const })),
    ...stops.unplaceable.map((x) => ({ line: x.line, at: x.at, what: 'prompt' in x ? 'question' as const : 'narration' as const })),
  ];
  for (const e of missed.after) results.push({ expectation: e, ok: false, message: `line ${e.line} never ran to its end` });
  const outcome = outcomeOf(session, stdout, start);
  const all = [...checkRunExpectations(annotations.expectations, outcome), ...results];
  const order = (r: ExpectationResult) => r.expectation.at || Number.MAX_SAFE_INTEGER;
  return { outcome, results: all.sort((a, b) => order(a) - order(b)), unreached: unreached.sort((a, b) => a.at - b.at), interpolationProblems };
}

/** Checks an expectation about the state right after its line ran (the program is paused just after it). */
function checkAfter(session: Session, e: AfterExpectation, start: MemoryFigures): ExpectationResult {
  const program = session.program;
  if (e.kind === 'after') {
    const holds = program.ended ? { error: 'the program has ended' } : program.inspector.condition(e.condition, 0);
    if (typeof holds === 'boolean') return { expectation: e, ok: holds, message: `after line ${e.line}: ${e.condition} is ${holds}` };
    return { expectation: e, ok: false, message: `after line ${e.line}: '${e.condition}' could not be evaluated: ${holds.error}` };
  }
  if (e.kind === 'growth-after') {
    const g = growthResult(e.comparisons, start, figuresOf(program));
    return { expectation: e, ok: g.ok, message: `after line ${e.line}: ${g.message}` };
  }
  const leaks = leaksNow(program);
  if (!leaks) return { expectation: e, ok: false, message: `after line ${e.line}: this program has no leak check` };
  const same = LEAK_CLASS_NAMES.every((c) => leaks[c].bytes === e.amounts[c].bytes && leaks[c].blocks === e.amounts[c].blocks);
  return { expectation: e, ok: same, message: same ? `after line ${e.line}, leaks: ${leakText(leaks)}` : `after line ${e.line}, leaks: expected ${leakText(e.amounts)}, got ${leakText(leaks)}` };
}

/** The run as the expectations see it, once it has stopped for good. */
export function outcomeOf(session: Session, stdout: string, start: MemoryFigures): RunOutcome {
  const program = session.program;
  const end = session.lastEvent;
  // Leaks are faults a debugger can stop at too; the expectations count them apart (expect-leaks).
  const errors = program.runnable ? program.faults().filter((f) => f.kind !== 'leak').map((f) => ({ kind: f.kind, line: f.line })) : [];
  if (end.kind === 'stopped' && end.reason === 'step-limit') errors.push({ kind: 'step-limit', line: end.line });
  const sample = program.runnable ? program.counterSample?.() : undefined;
  return {
    stdout,
    ...(end.kind === 'exited' ? { exit: { code: end.code, ...(end.signal ? { signal: end.signal } : {}) } } : {}),
    errors,
    ...(end.kind === 'exited' && program.runnable ? optional('leaks', leaksNow(program)) : {}),
    faults: { minor: sample?.minorFaults ?? 0, major: sample?.majorFaults ?? 0, invalid: sample?.invalidFaults ?? 0 },
    start,
    end: program.runnable ? figuresOf(program) : {},
    ...optional('gc', program.runnable ? collectionCounts(program) : undefined),
  };
}

/**
 * Collections of each kind over the run, for a program with a managed heap. Objects a reference
 * count freed on the spot are not a collection (`refcount-free` events are left out).
 */
export function collectionCounts(program: SteppableProgram): RunOutcome['gc'] {
  const managed = program.managedMemory?.();
  if (!managed) return undefined;
  const counts: Partial<Record<Exclude<GcCountKind, 'any'>, number>> = {};
  for (const e of managed.collections) if (e.kind !== 'refcount-free') counts[e.kind] = (counts[e.kind] ?? 0) + 1;
  return counts;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/**
 * The figures a program gives now: the process's (rss, vsz, the C heap in use) and, with a
 * managed heap, `process.memoryUsage()`'s (its rss is the process's, as the program reads it).
 */
export function figuresOf(program: SteppableProgram): MemoryFigures {
  if (!program.runnable) return {};
  const s = program.counterSample?.();
  const process: MemoryFigures = s ? { rss: s.rssBytes, vsz: s.vszBytes, heap: s.heapInUseBytes } : {};
  const u = program.managedMemory?.()?.usage;
  return u ? { ...process, rss: u.rss, heapUsed: u.heapUsed, heapTotal: u.heapTotal, external: u.external, arrayBuffers: u.arrayBuffers } : process;
}

/** Leak totals now, by the snapshot's check or, for a large heap, the views' leak check. */
export function leaksNow(program: SteppableProgram): Record<LeakClassName, Amount> | undefined {
  const snapshot = program.snapshot();
  let summary: LeakSummary | undefined = snapshot.leaks;
  if (!summary && program.answerView) {
    const answer = program.answerView({ kind: 'leak-check' });
    if (answer.kind === 'leak-check') summary = answer.leaks;
  }
  if (!summary || snapshot.heap === undefined) return undefined;
  return { definitely: summary.definitelyLost, indirectly: summary.indirectlyLost, possibly: summary.possiblyLost, reachable: summary.stillReachable };
}
