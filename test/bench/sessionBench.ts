/**
 * Interactive latency through the Session, in the editor's configuration (memory checks and
 * step-back history on): the time from a step request to its stop with the snapshot built (what
 * the debug adapter sends), on a small program and on a heap of a million chunks, with the size
 * of each snapshot as JSON; and a step back at step 1,000,000 of a long loop.
 *   node out/test/bench/sessionBench.js
 * Timings are reported, never asserted by tests.
 */
import { CParser } from '../../src/lang/c/parser';
import { nodeModulesLocator } from '../../src/lang/c/nodeModulesLocator';
import { CProgram } from '../../src/lang/c/program/cProgram';
import { Session, type SessionOptions } from '../../src/session/session';
import { benchProgram } from './benchPrograms';

export interface StepLatency {
  readonly name: string;
  /** Milliseconds from step request to stop + snapshot, for each step. */
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  /** The largest snapshot, as JSON bytes. */
  readonly snapshotBytes: number;
  readonly chunks: number;
}

export interface StepBackLatency {
  readonly atStep: number;
  readonly ms: number;
  readonly snapshotMs: number;
  readonly checkpoints: number;
}

const quantile = (xs: readonly number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const now = () => Number(process.hrtime.bigint()) / 1e6;

function open(parser: CParser, source: string, options: SessionOptions = {}): Session<CProgram> {
  return new Session(CProgram.create(parser, source, 'bench.c', options), { maxSteps: 100_000_000, ...options });
}

/** Steps `count` times from `line`, timing each step with its snapshot. */
function stepLatency(parser: CParser, name: string, source: string, line: number, count: number): StepLatency {
  const session = open(parser, source);
  session.runToLine(line);
  const times: number[] = [];
  let bytes = 0;
  let chunks = 0;
  for (let i = 0; i < count; i++) {
    const t0 = now();
    session.stepIn();
    const snapshot = session.snapshot();
    const json = JSON.stringify(snapshot);
    times.push(now() - t0);
    bytes = Math.max(bytes, json.length);
    chunks = snapshot.heap.chunkCount;
  }
  return { name, p50: quantile(times, 0.5), p95: quantile(times, 0.95), max: Math.max(...times), snapshotBytes: bytes, chunks };
}

const SMALL = '#include <stdio.h>\n#include <stdlib.h>\nint main(void) {\n  int *p = malloc(4 * sizeof *p);\n  for (int i = 0; i < 40; i++)\n    p[i % 4] = i;\n  printf("%d\\n", p[3]);\n  free(p);\n  return 0;\n}\n';

const LONG_LOOP = '#include <stdio.h>\nint main(void) {\n  long sum = 0;\n  for (long i = 0; i < 1000000; i++)\n    sum += i;\n  printf("%ld\\n", sum);\n  return 0;\n}\n';

/** Runs forward (as the editor does, saving states on the way) to `step`, then steps back once. */
function stepBackAt(parser: CParser, step: number): StepBackLatency {
  const session = open(parser, LONG_LOOP, { maxSteps: step });
  session.run();
  const t0 = now();
  session.stepBack();
  const t1 = now();
  session.snapshot();
  return { atStep: session.steps + 1, ms: t1 - t0, snapshotMs: now() - t1, checkpoints: session.checkpointCount };
}

export async function runSessionBench(): Promise<{ small: StepLatency; large: StepLatency; stepBack: StepBackLatency }> {
  const parser = await CParser.create(nodeModulesLocator);
  const small = stepLatency(parser, 'small program', SMALL, 5, 40);
  const heap = benchProgram('million_chunk_heap.c');
  const line = heap.split('\n').findIndex((l) => l.includes('stepping starts here')) + 1;
  const large = stepLatency(parser, '1e6-chunk heap', heap, line, 20);
  const stepBack = stepBackAt(parser, 1_000_000);
  return { small, large, stepBack };
}

if (require.main === module) runSessionBench().then((r) => console.log(JSON.stringify(r)));
