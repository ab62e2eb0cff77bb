import { type AllocatorName, isAllocatorName } from './allocators';
import type { HeapSummary, SnapshotChunk } from './snapshot';
import { CONTRACT_VERSION } from './version';

/**
 * One program run under several allocators, side by side: `memory-atlas compare --json` prints it,
 * and the panel's compare view draws it at every step. Figures at `at` are the heap's state at one
 * moment (the peak of live data for the CLI, the current step in the panel); `run` figures are
 * totals over the run up to the end (CLI) or the step (panel).
 */
export interface AllocatorComparison {
  readonly version: typeof CONTRACT_VERSION;
  readonly kind: 'allocator-comparison';
  readonly source: string;
  /** What the program printed under the reference allocator (the first, glibc when it is there). */
  readonly stdout: string;
  readonly stderr: string;
  readonly runs: readonly AllocatorRunFigures[];
}

export interface AllocatorRunFigures {
  readonly allocator: AllocatorName;
  /** The allocator's own name, e.g. 'glibc-2.36'. */
  readonly label: string;
  /** The moment the `heap` figures describe: after `step` statements, at `line`. */
  readonly at: { readonly kind: 'peak' | 'step' | 'end'; readonly step: number; readonly line?: number };
  readonly heap: MomentFigures;
  readonly run: RunFigures;
  /** How the run ended, or where it is paused. */
  readonly end: { readonly state: 'exited' | 'paused'; readonly exitCode: number | null; readonly signal: string | null; readonly steps: number };
  /** Memory errors found (kind and line of each, at most 20). */
  readonly errors: readonly { readonly kind: string; readonly line: number; readonly message: string }[];
  /** The first place its output or exit differs from the reference run's, if it does. */
  readonly difference?: OutputDifference;
  /** The heap's chunks at `at`, for drawing (the snapshot's window of them) and how many there are. */
  readonly chunks?: readonly SnapshotChunk[];
  readonly chunkCount?: number;
  /** The whole heap summary at `at` (the panel draws it with the heap view). */
  readonly summary?: HeapSummary;
}

export interface MomentFigures {
  /** Bytes the program had asked for in its live blocks. */
  readonly requestedBytes: number;
  /** Bytes the heap held from the kernel (break growth plus mappings). */
  readonly kernelBytes: number;
  /** Bytes of held chunks beyond what was asked for, plus the allocator's own data. */
  readonly internalFragmentationBytes: number;
  /** Free bytes the largest free block cannot serve. */
  readonly externalFragmentationBytes: number;
  readonly freeBytes: number;
  readonly largestFreeBlock: number;
  readonly liveBlocks: number;
}

export interface RunFigures {
  readonly peakRequestedBytes: number;
  readonly peakKernelBytes: number;
  readonly brkCalls: number;
  readonly mmapCalls: number;
  readonly munmapCalls: number;
  readonly minorFaults: number;
  readonly majorFaults: number;
  readonly failedRequests: number;
}

export interface OutputDifference {
  readonly stream: 'stdout' | 'stderr' | 'exit';
  /** 1-based line of the stream where they first differ (0 for the exit). */
  readonly line: number;
  readonly reference: string;
  readonly actual: string;
}

/** Structural check of a comparison received across a boundary (the webview, a JSON file). */
export function isAllocatorComparison(value: unknown): value is AllocatorComparison {
  if (!isRecord(value)) return false;
  return value.version === CONTRACT_VERSION
    && value.kind === 'allocator-comparison'
    && typeof value.source === 'string'
    && typeof value.stdout === 'string'
    && typeof value.stderr === 'string'
    && Array.isArray(value.runs) && value.runs.length > 0 && value.runs.every(isRunFigures);
}

const MOMENT_KEYS = ['requestedBytes', 'kernelBytes', 'internalFragmentationBytes', 'externalFragmentationBytes', 'freeBytes', 'largestFreeBlock', 'liveBlocks'] as const;
const RUN_KEYS = ['peakRequestedBytes', 'peakKernelBytes', 'brkCalls', 'mmapCalls', 'munmapCalls', 'minorFaults', 'majorFaults', 'failedRequests'] as const;

function isRunFigures(value: unknown): boolean {
  if (!isRecord(value) || !isAllocatorName(value.allocator) || typeof value.label !== 'string') return false;
  const at = value.at;
  const end = value.end;
  return isRecord(at) && (at.kind === 'peak' || at.kind === 'step' || at.kind === 'end') && isCount(at.step)
    && hasCounts(value.heap, MOMENT_KEYS) && hasCounts(value.run, RUN_KEYS)
    && isRecord(end) && (end.state === 'exited' || end.state === 'paused') && isCount(end.steps)
    && (end.exitCode === null || typeof end.exitCode === 'number') && (end.signal === null || typeof end.signal === 'string')
    && Array.isArray(value.errors)
    && (value.chunks === undefined || Array.isArray(value.chunks))
    && (value.summary === undefined || (isRecord(value.summary) && isRecord(value.summary.window) && Array.isArray(value.summary.window.chunks) && isRecord(value.summary.stats)));
}

function hasCounts(value: unknown, keys: readonly string[]): boolean {
  return isRecord(value) && keys.every((k) => isCount(value[k]));
}

function isCount(value: unknown): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
