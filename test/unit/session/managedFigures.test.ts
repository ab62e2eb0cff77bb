import * as assert from 'node:assert/strict';
import type { ManagedMemoryReading, SteppableProgram } from '../../../src/engine/program/steppableProgram';
import type { GcEvent, GcKind } from '../../../src/shared/gcReport';
import { checkRunExpectations, type RunOutcome } from '../../../src/shared/annotations/check';
import { parseAnnotations } from '../../../src/shared/annotations';
import { collectionCounts, figuresOf } from '../../../src/session/annotatedRun';

/** The part of a program the figures are read from: the process's counters and, for JavaScript, its managed heap. */
function programWith(managed: ManagedMemoryReading | undefined): SteppableProgram {
  const part: Pick<SteppableProgram, 'runnable' | 'counterSample' | 'managedMemory'> = {
    runnable: true,
    counterSample: () => ({ rssBytes: 40_960, vszBytes: 2_400_000, heapInUseBytes: 0, minorFaults: 10, majorFaults: 0, invalidFaults: 0, brkCalls: 0, mmapCalls: 3, errors: 0 }),
    ...(managed ? { managedMemory: () => managed } : {}),
  };
  return part as SteppableProgram;
}

const event = (kind: GcKind): GcEvent => ({ kind, atStep: 1, freedBytes: 0, promotedBytes: 0, pauseSteps: 1, reason: 'test' });

describe('annotated runs: the figures and collections of a garbage-collected program', () => {
  it('a program without a managed heap has the process figures and no collector', () => {
    const p = programWith(undefined);
    assert.deepEqual(figuresOf(p), { rss: 40_960, vsz: 2_400_000, heap: 0 });
    assert.equal(collectionCounts(p), undefined);
  });

  it('with one, process.memoryUsage() figures join in, and collections are counted by kind (a count reaching zero is not one)', () => {
    const p = programWith({
      usage: { rss: 50_000, heapTotal: 1_048_576, heapUsed: 300_000, external: 1_048_576, arrayBuffers: 1_048_576 },
      collections: [event('scavenge'), event('scavenge'), event('mark-sweep'), event('refcount-free'), event('cycle-collection')],
    });
    assert.deepEqual(figuresOf(p), { rss: 50_000, vsz: 2_400_000, heap: 0, heapUsed: 300_000, heapTotal: 1_048_576, external: 1_048_576, arrayBuffers: 1_048_576 });
    assert.deepEqual(collectionCounts(p), { scavenge: 2, 'mark-sweep': 1, 'cycle-collection': 1 });
  });

  it('expect-gc and expect-growth are judged on them', () => {
    const { expectations } = parseAnnotations([
      '// @atlas expect-gc: scavenge >= 2, mark-sweep 1, mark-compact 0, any >= 4',
      '// @atlas expect-growth: external >= 1 MiB, heapUsed < 512 KiB, external > 3 x heapUsed',
    ].join('\n'));
    const outcome: RunOutcome = {
      stdout: '', errors: [], faults: { minor: 0, major: 0, invalid: 0 },
      start: { heapUsed: 100_000, external: 0 }, end: { heapUsed: 300_000, external: 1_048_576 },
      gc: { scavenge: 2, 'mark-sweep': 1, 'cycle-collection': 1 },
    };
    assert.deepEqual(checkRunExpectations(expectations, outcome).filter((r) => !r.ok).map((r) => r.message), []);
    const fewer = checkRunExpectations(expectations, { ...outcome, gc: { scavenge: 1 } }).filter((r) => !r.ok).map((r) => r.message);
    assert.equal(fewer.length, 1);
    assert.match(fewer[0], /scavenge >= 2 \(got 1\)/);
  });
});
