import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { leakReport } from '../../../../../src/lang/c/interpreter/vm/heapLeaks';
import { runC, startC } from './runC';

const DIR = path.join(__dirname, '..', '..', '..', '..', '..', '..', 'test', 'fixtures', 'c-leaks');
const source = (name: string) => fs.readFileSync(path.join(DIR, `${name}.c`), 'utf8');
const lineOf = (text: string, marker: string) => text.split('\n').findIndex((l) => l.includes(marker)) + 1;

describe('C leaks: the step at which a block became lost', () => {
  it('the forgotten free: each greeting is lost when the next one overwrites g, the last when main returns', async () => {
    const text = source('forgotten_free');
    const run = await runC(text);
    const report = leakReport(run.session.program.vm!, true);
    const lines = report.blocks.map((b) => b.lostAt?.line);
    // main's frame dies at its closing brace, where gcc -O0 code (and our stepping) stops last.
    assert.deepEqual(lines, [...Array(9).fill(lineOf(text, 'char *g = make_greeting(i);')), text.split('\n').length - 1]);
    const steps = report.blocks.map((b) => b.lostAt!.step);
    assert.deepEqual([...steps].sort((a, b) => a - b), steps, 'in the order they were lost');
  });

  it('the orphan: the head and every node behind it are lost by `list = NULL`', async () => {
    const text = source('orphan_list');
    const report = leakReport((await runC(text)).session.program.vm!, true);
    assert.equal(report.blocks.length, 5);
    for (const b of report.blocks) assert.equal(b.lostAt?.line, lineOf(text, 'list = NULL; /*'));
    assert.deepEqual(report.blocks.filter((b) => b.class === 'definitely-lost').map((b) => b.indirect), [{ bytes: 64, blocks: 4 }]);
  });

  it('the cycle: dropping a keeps both alive through b; dropping b loses both', async () => {
    const text = source('reference_cycle');
    const report = leakReport((await runC(text)).session.program.vm!, true);
    assert.deepEqual(report.blocks.map((b) => b.lostAt?.line), [lineOf(text, 'b = NULL;'), lineOf(text, 'b = NULL;')]);
  });

  it('a local that held the only pointer: lost when its function returns', async () => {
    const text = source('static_local_cache');
    const report = leakReport((await runC(text)).session.program.vm!, true);
    const lost = report.blocks.filter((b) => b.class === 'definitely-lost');
    assert.equal(lost.length, 3);
    // scratch dies with label's frame, at its closing brace.
    for (const b of lost) assert.equal(b.lostAt?.line, lineOf(text, 'return cache;') + 1);
    assert.equal(report.blocks.find((b) => b.class === 'reachable')?.lostAt, undefined);
  });

  it('a dropped malloc result is lost by its own statement', async () => {
    const report = leakReport((await runC('#include <stdlib.h>\nint main(void) {\n  malloc(10);\n  int *kept = malloc(4);\n  *kept = 1;\n  return 0;\n}')).session.program.vm!, true);
    assert.deepEqual(report.blocks.map((b) => [b.size, b.lostAt?.line]), [[10, 3], [4, 7]]);
  });

  for (const options of [{ checkpointInterval: 1 }, { noCheckpoints: true }]) it(`snapshots carry each chunk's class and step back forgets a loss that has not happened yet (${JSON.stringify(options)})`, async () => {
    const text = source('orphan_list');
    const s = await startC(text, options);
    const orphaning = lineOf(text, 'list = NULL; /*');
    s.runToLine(orphaning);
    const before = s.snapshot();
    assert.deepEqual(before.leaks?.definitelyLost, { bytes: 0, blocks: 0 });
    assert.equal(before.heap.window.chunks.filter((c) => c.leak === 'reachable').length, 5);
    s.stepIn();
    const after = s.snapshot();
    assert.deepEqual(after.leaks?.definitelyLost, { bytes: 16, blocks: 1 });
    assert.deepEqual(after.leaks?.indirectlyLost, { bytes: 64, blocks: 4 });
    const lost = after.heap.window.chunks.filter((c) => c.leak === 'definitely-lost' || c.leak === 'indirectly-lost');
    assert.equal(lost.length, 5);
    for (const c of lost) assert.equal(c.lostAt?.line, orphaning);
    assert.equal(after.heap.window.chunks.find((c) => c.leak === 'definitely-lost')?.allocatedAt?.stack[0].function, 'push');
    s.stepBack();
    const again = s.snapshot();
    assert.equal(again.line, orphaning);
    assert.equal(again.heap.window.chunks.filter((c) => c.lostAt !== undefined).length, 0);
    s.stepIn();
    assert.deepEqual(s.snapshot().heap.window.chunks.filter((c) => c.lostAt).map((c) => c.lostAt!.line), Array(5).fill(orphaning));
  });
});
