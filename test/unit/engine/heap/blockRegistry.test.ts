import * as assert from 'node:assert/strict';
import { BlockRegistry } from '../../../../src/engine/heap/blockRegistry';
import type { SourceSite } from '../../../../src/shared/memoryIssues';
import { runC, startC } from '../../lang/c/interpreter/runC';

/** A registry fed by hand, with the "program" at a settable line and step. */
function registry() {
  const at = { line: 1, steps: 0 };
  const r = new BlockRegistry({ siteNow: (): SourceSite => ({ line: at.line, stack: [{ function: 'main', line: at.line }] }), get steps() { return at.steps; } });
  const malloc = (ptr: number, requested: number) => r.onHeapEvent({ kind: 'malloc', call: 'malloc', ptr, requested, chunk: ptr - 16, size: 0 });
  const free = (ptr: number) => r.onHeapEvent({ kind: 'free', ptr, chunk: ptr - 16, size: 0 });
  return { r, at, malloc, free };
}

describe('BlockRegistry: the blocks the program holds, beside the heap', () => {
  it('finds a live block by any of its bytes, and nothing in its slack or header', () => {
    const { r, malloc } = registry();
    malloc(0x5000_0010, 40);
    assert.equal(r.containing(0x5000_0010)?.size, 40);
    assert.equal(r.containing(0x5000_0037)?.ptr, 0x5000_0010);
    assert.equal(r.containing(0x5000_0038), undefined, 'byte 40 is past the requested size');
    assert.equal(r.containing(0x5000_0008), undefined, 'the chunk header is not the block');
    assert.equal(r.get(0x5000_0018), undefined, 'get() wants the start');
  });

  it('indexes blocks that span pages by every page they touch', () => {
    const { r, malloc } = registry();
    malloc(0x5000_0ff0, 0x3000);
    for (const addr of [0x5000_0ff0, 0x5000_1000, 0x5000_2abc, 0x5000_3fef]) assert.equal(r.containing(addr)?.ptr, 0x5000_0ff0, addr.toString(16));
    assert.equal(r.containing(0x5000_3ff0), undefined);
  });

  it('remembers freed blocks with both sites until the memory is handed out again', () => {
    const { r, at, malloc, free } = registry();
    at.line = 3;
    malloc(0x5000_0010, 24);
    at.line = 7;
    at.steps = 5;
    free(0x5000_0010);
    assert.equal(r.containing(0x5000_0014), undefined);
    const dangling = r.freedContaining(0x5000_0014)!;
    assert.equal(dangling.allocatedAt.line, 3);
    assert.equal(dangling.freedAt?.line, 7);
    assert.equal(dangling.freeStep, 5);
    malloc(0x5000_0010, 24);
    assert.equal(r.freedContaining(0x5000_0014), undefined, 'a live block holds those bytes now');
  });

  it('counts a realloc as a free and an allocation at the realloc, like Memcheck', () => {
    const { r, at, malloc } = registry();
    malloc(0x5000_0010, 16);
    at.line = 9;
    r.onHeapEvent({ kind: 'realloc', oldPtr: 0x5000_0010, ptr: 0x5000_0030, requested: 64, chunk: 0x5000_0020, size: 80, moved: true });
    assert.deepEqual(r.totals, { allocs: 2, frees: 1, bytesAllocated: 80 });
    assert.equal(r.get(0x5000_0030)?.allocatedAt.line, 9);
    assert.equal(r.get(0x5000_0030)?.call, 'realloc');
    assert.equal(r.liveCount, 1);
  });

  it('ignores frees of pointers it does not know (the error checker reports them)', () => {
    const { r, malloc, free } = registry();
    malloc(0x5000_0010, 16);
    free(0x5000_0018);
    free(0x6000_0000);
    assert.equal(r.liveCount, 1);
    assert.equal(r.totals.frees, 0);
  });

  it('rewinds to a mark exactly: blocks, frees, totals and the internal flag', () => {
    const { r, malloc, free } = registry();
    malloc(0x5000_0010, 16);
    malloc(0x5000_0030, 32);
    const before = { blocks: [...r.blocks()], totals: r.totals };
    const mark = r.mark();
    free(0x5000_0010);
    r.markInternal(0x5000_0030);
    malloc(0x5000_0060, 8);
    assert.equal(r.liveCount, 2);
    r.rewind(mark);
    assert.deepEqual([...r.blocks()], before.blocks);
    assert.deepEqual(r.totals, before.totals);
    assert.equal(r.freedContaining(0x5000_0010), undefined);
    assert.throws(() => r.rewind(mark + 1), /cannot rewind forward/);
  });

  it('shares one site among the blocks a loop allocates', () => {
    const { r, malloc } = registry();
    for (let i = 0; i < 100; i++) malloc(0x5000_0010 + i * 0x50, 64);
    const sites = new Set([...r.blocks()].map((b) => b.allocatedAt));
    assert.equal(sites.size, 1);
  });
});

describe('BlockRegistry: its compact page index and columns against a plain model', () => {
  /** A deterministic generator (xorshift32), so a failure names a reproducible seed. */
  const random = (seed: number) => () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 2 ** 32;
  };

  interface ModelBlock { ptr: number; size: number; allocStep: number; freeStep?: number }

  // Runs of blocks in address order (one page entry stays a run), blocks out of order and
  // frees in the middle (the entry becomes a list), rewinds, steps past 2^32 (the columns' high
  // words; sizes past 2^32 are uintColumn.test.ts's: such a block spans a million pages).
  for (const seed of [1, 7, 2026, 90210]) {
    it(`answers containing(), byId() and isLive() as a list of blocks does (seed ${seed})`, () => {
      const next = random(seed);
      const { r, at, malloc, free } = registry();
      const base = 0x5555_5555_9000;
      let blocks: ModelBlock[] = []; // by id - 1
      let top = base;
      const marks: { mark: number; blocks: ModelBlock[]; top: number }[] = [];
      for (let op = 0; op < 3000; op++) {
        at.steps += next() < 0.01 ? 2 ** 32 : 1 + Math.floor(next() * 5);
        const roll = next();
        if (roll < 0.55) {
          // Mostly at the top, in address order; sometimes below the others (a reused hole).
          const size = Math.floor(next() * (next() < 0.1 ? 9000 : 100));
          let ptr: number;
          if (next() < 0.85) {
            ptr = top + 16;
            top = ptr + Math.max(size, 1) + 15 - ((Math.max(size, 1) + 15) % 16);
          } else {
            ptr = base - 0x100000 + blocks.length * 0x40 + 16;
            if (size > 0x30) continue;
          }
          malloc(ptr, size);
          blocks.push({ ptr, size, allocStep: at.steps });
        } else if (roll < 0.9) {
          const live = blocks.filter((b) => b.freeStep === undefined);
          if (live.length === 0) continue;
          const victim = live[Math.floor(next() * live.length)];
          free(victim.ptr);
          victim.freeStep = at.steps;
        } else if (roll < 0.95 || marks.length === 0) {
          marks.push({ mark: r.mark(), blocks: blocks.map((b) => ({ ...b })), top });
        } else {
          const back = marks.splice(Math.floor(next() * marks.length))[0];
          r.rewind(back.mark);
          blocks = back.blocks;
          top = back.top;
        }
        if (op % 50 !== 0) continue;
        for (const [k, b] of blocks.entries()) {
          const got = r.byId(k + 1);
          assert.deepEqual([got.ptr, got.size, got.allocStep, got.freeStep], [b.ptr, b.size, b.allocStep, b.freeStep], `block ${k + 1} at op ${op}`);
          assert.equal(r.isLive(k + 1), b.freeStep === undefined);
        }
        for (let probe = 0; probe < 200; probe++) {
          const addr = next() < 0.5 ? base + Math.floor(next() * (top - base + 64)) : base - 0x100000 + Math.floor(next() * blocks.length * 0x40);
          const want = blocks.findIndex((b) => b.freeStep === undefined && addr >= b.ptr && addr < b.ptr + Math.max(b.size, 1));
          assert.equal(r.idContaining(addr), want + 1, `0x${addr.toString(16)} at op ${op}`);
        }
      }
    });
  }
});

describe('BlockRegistry on a running C program', () => {
  const source = [
    '#include <stdio.h>',
    '#include <stdlib.h>',
    'char *make(int n) {',
    '  return malloc(n);',
    '}',
    'int main(void) {',
    '  char *a = make(10);',
    '  char *b = make(20);',
    '  free(a);',
    '  printf("%p\\n", (void *)b);',
    '  return 0;',
    '}',
  ].join('\n');

  it('records each allocation with its call stack and the free with its line', async () => {
    const run = await runC(source);
    const blocks = [...run.session.program.vm!.blocks.blocks()];
    const program = blocks.filter((b) => !b.internal);
    assert.equal(program.length, 1);
    assert.equal(program[0].size, 20);
    assert.deepEqual(program[0].allocatedAt.stack, [{ function: 'make', line: 4 }, { function: 'main', line: 8 }]);
    assert.equal(blocks.filter((b) => b.internal).length, 1, "stdout's buffer is the library's own block");
    assert.deepEqual(run.session.program.vm!.blocks.totals, { allocs: 3, frees: 1, bytesAllocated: 10 + 20 + 4096 });
  });

  it('steps back to the same blocks (the registry rewinds with the checkpoints)', async () => {
    const s = await startC(source, { checkpointInterval: 1 });
    s.runToLine(10);
    const at10 = [...s.program.vm!.blocks.blocks()];
    s.run();
    while (s.program.vm!.ended || s.snapshot().line !== 9) s.stepBack();
    assert.equal(s.program.vm!.blocks.liveCount, 2, 'a and b, before free(a)');
    s.stepIn();
    assert.deepEqual([...s.program.vm!.blocks.blocks()], at10);
  });
});
