import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import { gccInstalled, runNatively } from '../../../../tools/nativeRun';
import { type RecordedScanfPrograms, SCANF_PROGRAMS_FIXTURE } from '../../../../tools/recordScanfPrograms';
import { runC } from './runC';
import { SCANF_PROGRAMS, scanfProgramSource } from './scanfPrograms';

/**
 * scanf, fscanf(stdin) and sscanf in the interpreter give what glibc gives: each program of
 * scanfPrograms.ts runs on the simulated process (stdin through its heap buffer, every store
 * through simulated memory) and must print, return and die exactly as the recorded native run;
 * where gcc is installed the recording is also checked against a live native run.
 */
describe('C interpreter: the scanf family matches glibc', function () {
  this.timeout(30_000);
  const recorded = JSON.parse(fs.readFileSync(SCANF_PROGRAMS_FIXTURE, 'utf8')) as RecordedScanfPrograms;
  const live = gccInstalled();
  before(() => {
    if (!live) console.log('      (gcc is not installed: comparing with the recorded native runs only)');
  });

  for (const program of SCANF_PROGRAMS) {
    it(program.name, async () => {
      const expected = recorded.runs[program.name];
      assert.ok(expected, `no recorded native run; record with: node out/test/tools/recordScanfPrograms.js`);
      const source = scanfProgramSource(program);
      if (live) assert.deepEqual(runNatively(source, program.stdin), expected, 'the recording is no longer what gcc + glibc do; re-record');
      const run = await runC(source, { stdin: program.stdin });
      assert.deepEqual({ stdout: run.stdout, exitCode: run.code, signal: run.signal ?? null }, expected, `stderr: ${run.stderr}`);
    });
  }

  it('stops with an "unsupported" error naming what glibc has and the simulation does not (%ms)', async () => {
    const run = await runC('#include <stdio.h>\nint main(void) {\n  char *s;\n  scanf("%ms", &s);\n  return 0;\n}\n', { stdin: 'hi\n' });
    const error = run.session.program.vm!.error;
    assert.equal(error?.kind, 'unsupported');
    assert.equal(error?.line, 4);
    assert.match(error!.message, /^scanf: scanf's allocating 'm' modifier is not supported/);
    assert.equal(run.code, null, 'the process was stopped, not exited');
  });
});
