import type { AllocatorName } from '../shared/allocators';
import type { AllocatorComparison, AllocatorRunFigures, OutputDifference } from '../shared/allocatorComparison';
import type { Snapshot } from '../shared/snapshot';
import { CONTRACT_VERSION } from '../shared/version';
import type { Session } from './session';

/** A fresh session on the program under one allocator (no history needed: runs go forward, then back once by replay). */
export type OpenUnder = (allocator: AllocatorName) => Session;

/** What a run printed and how it ended: the part that must not depend on the allocator. */
interface Outcome {
  readonly stdout: string;
  readonly stderr: string;
  readonly exit: string;
}

const MAX_ERRORS = 20;

/**
 * Runs the program once under each allocator, to its end, then goes back (by replay) to the step
 * at which its live data peaked and measures the heap there: the moment fragmentation matters most.
 * The first allocator's output is the reference; any run whose output or exit differs says where.
 */
export function compareAllocators(source: string, allocators: readonly AllocatorName[], open: OpenUnder): AllocatorComparison {
  return comparisonOf(source, allocators.map((allocator) => measureAtPeak(allocator, open(allocator))));
}

/** The figures of sessions paused at the same step (the panel steps them together). */
export function compareNow(source: string, runs: readonly { readonly allocator: AllocatorName; readonly session: Session }[], chunks = true): AllocatorComparison {
  return comparisonOf(source, runs.map(({ allocator, session }) => {
    const now = session.snapshot();
    return { figures: figuresOf(allocator, now, now, { kind: 'step', step: now.steps, line: now.line }, chunks), outcome: outcomeOf(now) };
  }));
}

/** The first run's output is the reference; the others say where theirs differs. */
function comparisonOf(source: string, measured: readonly { readonly figures: AllocatorRunFigures; readonly outcome: Outcome }[]): AllocatorComparison {
  const reference = measured[0].outcome;
  return {
    version: CONTRACT_VERSION,
    kind: 'allocator-comparison',
    source,
    stdout: reference.stdout,
    stderr: reference.stderr,
    runs: measured.map((m) => withDifference(m.figures, reference, m.outcome)),
  };
}

function measureAtPeak(allocator: AllocatorName, session: Session): { figures: AllocatorRunFigures; outcome: Outcome } {
  session.run();
  const last = session.snapshot();
  const peak = last.heap.activity?.peakStep ?? -1;
  let moment = last;
  let at: AllocatorRunFigures['at'] = { kind: 'end', step: last.steps, line: last.line };
  if (peak >= 0 && peak < last.steps) {
    session.goToStep(peak);
    moment = session.snapshot();
    at = { kind: 'peak', step: moment.steps, line: moment.line };
  }
  return { figures: figuresOf(allocator, moment, last, at, false), outcome: outcomeOf(last) };
}

/** Heap figures at `moment`, run figures up to `last`. */
function figuresOf(allocator: AllocatorName, moment: Snapshot, last: Snapshot, at: AllocatorRunFigures['at'], withChunks: boolean): AllocatorRunFigures {
  const s = moment.heap.stats;
  const activity = last.heap.activity;
  const nowActivity = moment.heap.activity;
  const exit = last.termination;
  return {
    allocator,
    label: moment.heap.allocator,
    at,
    heap: {
      requestedBytes: nowActivity?.liveRequestedBytes ?? s.inUseRequestedBytes,
      kernelBytes: s.brkBytes + s.mmapBytes,
      internalFragmentationBytes: s.internalFragmentationBytes,
      externalFragmentationBytes: s.externalFragmentationBytes,
      freeBytes: s.freeBytes,
      largestFreeBlock: s.largestFreeBlock,
      liveBlocks: s.inUseCount,
    },
    run: {
      peakRequestedBytes: activity?.peakRequestedBytes ?? 0,
      peakKernelBytes: activity?.peakKernelBytes ?? 0,
      brkCalls: activity?.brkCalls ?? 0,
      mmapCalls: activity?.mmapCalls ?? 0,
      munmapCalls: activity?.munmapCalls ?? 0,
      minorFaults: last.counters.minorFaults,
      majorFaults: last.counters.majorFaults,
      failedRequests: activity?.failedRequests ?? 0,
    },
    end: {
      state: last.state,
      exitCode: exit?.kind === 'exit' ? exit.status : null,
      signal: exit?.kind === 'signal' ? exit.signal : null,
      steps: last.steps,
    },
    errors: (last.errors ?? []).slice(0, MAX_ERRORS).map((e) => ({ kind: e.kind, line: e.line, message: e.message })),
    ...(withChunks ? { chunks: moment.heap.window.chunks, chunkCount: moment.heap.chunkCount, summary: moment.heap } : {}),
  };
}

function outcomeOf(last: Snapshot): Outcome {
  const t = last.termination;
  const exit = last.state === 'paused' ? 'still running' : t?.kind === 'signal' ? `killed by ${t.signal}` : `exit status ${t?.kind === 'exit' ? t.status : '?'}`;
  return { stdout: last.stdout, stderr: last.stderr, exit };
}

function withDifference(figures: AllocatorRunFigures, reference: Outcome, outcome: Outcome): AllocatorRunFigures {
  const difference = differenceOf(reference, outcome);
  return difference ? { ...figures, difference } : figures;
}

function differenceOf(reference: Outcome, outcome: Outcome): OutputDifference | undefined {
  for (const stream of ['stdout', 'stderr'] as const) {
    if (reference[stream] === outcome[stream]) continue;
    const a = reference[stream].split('\n');
    const b = outcome[stream].split('\n');
    let i = 0;
    while (a[i] === b[i]) i++;
    return { stream, line: i + 1, reference: a[i] ?? '(no such line)', actual: b[i] ?? '(no such line)' };
  }
  if (reference.exit !== outcome.exit) return { stream: 'exit', line: 0, reference: reference.exit, actual: outcome.exit };
  return undefined;
}
