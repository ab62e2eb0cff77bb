import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import type { RunReport } from '../../../src/shared/runReport';
import { cSession } from '../lang/c/interpreter/runC';
import { testParser } from '../cProgram';
import { BAD_INPUT, cli, nativeRun, notACrash } from './badInputs';

/**
 * After a memory error, --keep-going (the session's keepGoing) runs on exactly as the unchecked
 * build does, whatever the program did to the heap's metadata; every view of the heap (bins,
 * chunks, stats, snapshots) reads that metadata defensively and draws what it cannot trust as
 * corrupted. The issue's own example ended in "internal error: MemoryFault ... at describeBins".
 */
describe('--keep-going after memory errors: the program goes on, the views draw the damage', function () {
  this.timeout(60_000);
  const source = (name: string) => fs.readFileSync(path.join(BAD_INPUT, name), 'utf8');

  it("the issue's dangling-pointer program prints what the gcc build prints and exits 0 (CLI)", async () => {
    const out = notACrash(await cli('run', '--keep-going', '--json', path.join(BAD_INPUT, 'dangling_keep_going.c')));
    const report = JSON.parse(out.stdout) as RunReport;
    assert.deepEqual({ stdout: report.stdout, exitCode: out.exitCode }, nativeRun('dangling_keep_going.c'));
    assert.deepEqual(report.errors.filter((e) => e.kind === 'use-after-free').map((e) => e.line), [17, 18]);
  });

  it('an overflow onto the next chunk\'s header goes on as natively (CLI)', async () => {
    const out = notACrash(await cli('run', '--keep-going', path.join(BAD_INPUT, 'overflow_into_header.c')));
    assert.deepEqual({ stdout: out.stdout, exitCode: out.exitCode }, nativeRun('overflow_into_header.c'));
    assert.match(out.stderr, /heap-buffer-overflow: WRITE of 40 bytes at 0x[0-9a-f]+, line 11/);
  });

  it('a stack overflow over the saved rbp and the return address: greet\'s `ret` jumps to the smashed address and dies with SIGSEGV, as the gcc build does (CLI)', async () => {
    // strcpy of 19 bytes into char buf[8] (at rbp-8, as gcc places it) overwrites greet's saved
    // rbp and the low 3 bytes of its return address ("me\0"): gdb on the gcc build (setarch -R)
    // stops with rip = 0x55555500656d at greet's ret, and so does the simulation.
    const out = notACrash(await cli('run', '--keep-going', '--json', path.join(BAD_INPUT, '..', 'c-errors', 'stack_strcpy_overflow.c')));
    const report = JSON.parse(out.stdout) as RunReport;
    assert.deepEqual({ exitCode: out.exitCode, signal: report.signal }, { exitCode: 139, signal: 'SIGSEGV' });
    assert.deepEqual(report.errors.map((e) => [e.kind, e.line]), [['stack-buffer-overflow', 7], ['stack-buffer-overflow', 8], ['segfault', 9]]);
    assert.match(report.errors[2].message, /no mapping contains this address/);
  });

  it('a write over the return address: `ret` goes where the slot points and faults at the closing brace, as the gcc build does (CLI)', async () => {
    const out = notACrash(await cli('run', '--keep-going', '--json', path.join(BAD_INPUT, 'return_address_overwritten.c')));
    const report = JSON.parse(out.stdout) as RunReport;
    assert.deepEqual({ stdout: report.stdout, exitCode: report.exitCode, signal: report.signal }, nativeRun('return_address_overwritten.c'));
    assert.deepEqual(report.errors.map((e) => [e.kind, e.line]), [['stack-buffer-overflow', 7], ['segfault', 8]]);
    assert.match(report.errors[1].message, /non-canonical/);
  });

  it('stepping through the dangling-pointer program with a snapshot at every stop, as the editor does, never throws', async () => {
    const s = cSession(await testParser(), source('dangling_keep_going.c'), 'dangling_keep_going.c', { keepGoing: true, checkpointInterval: 3 });
    let stops = 0;
    while (s.state === 'paused') {
      const snapshot = s.snapshot();
      assert.ok(snapshot.heap.chunkCount >= 0);
      s.program.vm!.process.allocator.bins();
      s.stepIn();
      stops++;
    }
    assert.ok(stops > 8);
    assert.equal(s.program.vm!.stdout, nativeRun('dangling_keep_going.c').stdout);
    // Back over the corruption and forward again: the same run.
    s.stepBack();
    s.stepBack();
    assert.equal(s.state, 'paused');
    s.run();
    assert.equal(s.program.vm!.stdout, nativeRun('dangling_keep_going.c').stdout);
  });

  it("a snapshot after the overflow draws the clobbered chunk as corrupted, up to the top chunk, and says why", async () => {
    const s = cSession(await testParser(), source('overflow_into_header.c'), 'overflow_into_header.c', { keepGoing: true });
    s.runToLine(12); // after memset(name, 'A', 40) wrote over other's size field
    const chunks = s.snapshot().heap.window.chunks;
    const bad = chunks.find((c) => c.state === 'corrupted');
    assert.ok(bad, JSON.stringify(chunks.map((c) => c.state)));
    assert.match(bad.corrupted ?? '', /^the walk stopped at 0x[0-9a-f]+: its size field holds 0x4141414141414141, which is no chunk size$|past the end of the heap/);
    const i = chunks.indexOf(bad);
    assert.equal(chunks[i + 1]?.state, 'top');
    assert.equal(Number(bad.address) + bad.size, Number(chunks[i + 1].address));
    const stats = s.snapshot().heap.stats;
    assert.ok(stats.freeBytes > 0 && stats.inUseCount >= 1);
    s.run();
    assert.equal(s.program.vm!.stdout, nativeRun('overflow_into_header.c').stdout);
  });
});
