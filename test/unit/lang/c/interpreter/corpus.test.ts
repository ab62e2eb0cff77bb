import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { cSession } from './runC';
import { testParser } from '../../../cProgram';

/**
 * Every program of the C corpus (test/fixtures/c-programs) runs on the simulated process and
 * gives what gcc 12 + glibc 2.36 gave natively: stdout, stderr, exit status or signal, with the
 * memory checks on and finding nothing (ASan and Valgrind find nothing in them either).
 */
const CORPUS = path.join(__dirname, '..', '..', '..', '..', '..', '..', 'test', 'fixtures', 'c-programs');

interface Expected {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** What an AddressSanitizer build reports, for the few programs it finds something in. */
  readonly asan?: { readonly kind: string; readonly line: number };
}

describe('C corpus: the simulated run matches the native gcc run', function () {
  this.timeout(60000);
  const programs = fs.existsSync(CORPUS) ? fs.readdirSync(CORPUS).filter((f) => f.endsWith('.c')).sort() : [];
  for (const file of programs) {
    const name = file.slice(0, -2);
    it(name, async function () {
      const expected = JSON.parse(fs.readFileSync(path.join(CORPUS, `${name}.expected.json`), 'utf8')) as Expected;
      const stdinFile = path.join(CORPUS, `${name}.stdin`);
      const stdin = fs.existsSync(stdinFile) ? fs.readFileSync(stdinFile, 'utf8') : '';
      // Where ASan reports an error, the run goes on past it as the native (unchecked) build does.
      const session = cSession(await testParser(), fs.readFileSync(path.join(CORPUS, file), 'utf8'), file, { stdin, noCheckpoints: true, maxSteps: 100_000_000, keepGoing: expected.asan !== undefined });
      assert.deepEqual(session.diagnostics.filter((d) => d.severity === 'error'), []);
      const end = session.run();
      assert.equal(end.kind, 'exited', 'the program ran to its end');
      // ASan and Memcheck find nothing wrong in these programs (or what the recorded ASan run found): neither may the checks.
      assert.deepEqual(session.program.memoryErrors.map((e) => ({ kind: e.kind, line: e.line })), expected.asan ? [expected.asan] : []);
      assert.equal(session.program.vm!.stdout, expected.stdout);
      assert.equal(session.program.vm!.stderr, expected.stderr);
      assert.equal(end.kind === 'exited' ? end.code : undefined, expected.exitCode);
      assert.equal(end.kind === 'exited' ? end.signal ?? null : undefined, expected.signal);
    });
  }
});
