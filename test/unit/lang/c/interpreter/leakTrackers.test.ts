import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { HeapEvent } from '../../../../../src/engine/heap/allocator';
import { LeakWatch } from '../../../../../src/lang/c/interpreter/vm/leakWatch';
import type { Machine } from '../../../../../src/lang/c/interpreter/vm/machine';
import { LEAK_PROGRAMS } from '../../../../tools/leakPrograms';
import { RemarkingLeakWatch } from './leakOracle/remarkingLeakWatch';
import { randomPointerProgram } from './leakOracle/randomPointerPrograms';
import { type CSession, startC } from './runC';

// A longer search: MA_LEAK_SEEDS=2000 MA_LEAK_STATEMENTS=200 npm run test:unit -- "counting tracker"
const SEED0 = Number(process.env.MA_LEAK_SEED0 ?? 1);
const SEEDS = Number(process.env.MA_LEAK_SEEDS ?? 40);
const STATEMENTS = Number(process.env.MA_LEAK_STATEMENTS ?? 60);

/** Feeds one run to both trackers: the counting one the machine uses, and the re-marking one it replaced. */
class BothWatches {
  constructor(readonly counting: LeakWatch, readonly remarking: RemarkingLeakWatch) {}
  get due(): boolean { return this.counting.due || this.remarking.due; }
  touch(): void { this.counting.touch(); this.remarking.touch(); }
  frameReturning(): void { this.counting.frameReturning(); this.remarking.frameReturning(); }
  heapEvent(e: HeapEvent, ended: number): void {
    this.counting.heapEvent(e, ended);
    if (e.kind === 'malloc') this.remarking.allocated(e.ptr);
    else if (e.kind === 'free' || e.kind === 'realloc') this.remarking.touch();
    if (e.kind === 'realloc') this.remarking.stored(e.ptr, e.requested);
  }
  stored64(addr: number, value: number): void { this.counting.stored64(addr, value); this.remarking.stored64(addr, value); }
  stored(addr: number, size: number): void { this.counting.stored(addr, size); this.remarking.stored(addr, size); }
  check(atExit = false): void { this.counting.check(atExit); this.remarking.check(atExit); }
  rewind(steps: number): void { this.counting.rewind(steps); this.remarking.rewind(steps); }
  lostAt(id: number) { return this.counting.lostAt(id); }
  // Which words are stale is the counting tracker's to say (the memory both read asks it).
  isStale(addr: number): boolean { return this.counting.isStale(addr); }
  staleInto(start: number, end: number): number[] { return this.counting.staleInto(start, end); }
  takeNewlyStale(): number[] { return this.counting.takeNewlyStale(); }
}

/** Runs the program with both trackers from main's entry; returns each block's lostAt by both. */
async function bothLossPoints(source: string): Promise<{ counting: unknown[]; remarking: unknown[]; session: CSession }> {
  const session = await startC(source, { noCheckpoints: true });
  const vm = session.program.vm as Machine;
  const both = new BothWatches(new LeakWatch(vm), new RemarkingLeakWatch(vm));
  Object.defineProperty(vm, 'leakWatch', { value: both });
  vm.mem.watch = both;
  session.run();
  const ids = Array.from({ length: vm.blocks.nextBlockId - 1 }, (_, i) => i + 1);
  return { counting: ids.map((id) => both.counting.lostAt(id)), remarking: ids.map((id) => both.remarking.lostAt(id)), session };
}

describe('C leaks: the counting tracker loses each block at the step the re-marking one did', () => {
  for (const program of LEAK_PROGRAMS()) {
    it(program.name, async () => {
      const { counting, remarking } = await bothLossPoints(fs.readFileSync(program.source, 'utf8'));
      assert.deepEqual(counting, remarking);
    });
  }

  it(`${SEEDS} random pointer programs: cycles, shared nodes, frames, globals, frees and reused addresses`, async function () {
    this.timeout(120_000);
    let lost = 0;
    for (let seed = SEED0; seed < SEED0 + SEEDS; seed++) {
      const source = randomPointerProgram(seed, STATEMENTS);
      const { counting, remarking, session } = await bothLossPoints(source);
      assert.deepEqual(session.program.memoryErrors, [], `seed ${seed} is a valid program`);
      assert.deepEqual(counting, remarking, `seed ${seed}:\n${source}`);
      lost += counting.filter((p) => p !== undefined).length;
    }
    // The programs do lose blocks (and not only at exit): the comparison is not of empty lists.
    assert.ok(lost > 5 * SEEDS, `${lost} losses compared`);
  });
});
