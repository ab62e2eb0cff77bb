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
