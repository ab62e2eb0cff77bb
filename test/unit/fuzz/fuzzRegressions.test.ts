import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { checkCMutant } from '../../fuzz/c/cTarget';
import { checkJsMutant } from '../../fuzz/js/jsTarget';
import { ROOT } from '../../fuzz/c/cMutator';
import { isDefect } from '../../fuzz/outcome';
import { testParser } from '../cProgram';
import { runCommand } from '../../../src/cli/runCommand';
import type { RunReport } from '../../../src/shared/runReport';

/** What the gcc build did, where it runs to an end (recorded; the record says with what). */
interface NativeRecord {
  readonly stdout: string;
  readonly exitCode: number | null;
  readonly signal: string | null;
}

const DIR = path.join(ROOT, 'test', 'fixtures', 'fuzz-crashes');

describe('fuzz regressions: every defect the fuzzer found stays fixed', function () {
  // Each file goes through four variants of every check (a debugging session among them) and a run.
  this.timeout(180_000);
  const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.c')).sort();
  const jsFiles = fs.readdirSync(DIR).filter((f) => f.endsWith('.js')).sort();

  it('has a record of how each was found and fixed', () => {
    assert.ok(files.length > 0 && jsFiles.length > 0);
    for (const f of [...files, ...jsFiles]) {
      const record = JSON.parse(fs.readFileSync(path.join(DIR, f.replace(/\.c$|\.js$/, '.json')), 'utf8')) as { found: string; defect: string; fix: string };
      assert.ok(record.found && record.defect && record.fix, f);
    }
  });

  for (const file of files) {
    it(`${file}: every check answers with output + report or diagnostics`, async () => {
      const text = fs.readFileSync(path.join(DIR, file), 'utf8');
      for (let variant = 0; variant < 4; variant++) {
        const outcome = checkCMutant(await testParser(), { seed: file, text, mutations: [] }, variant);
        assert.ok(!isDefect(outcome), `variant ${variant}: ${outcome.kind}: ${outcome.detail}`);
      }
      // Where the gcc build's run was recorded, `run --keep-going` (an unchecked build) ends as it did.
      const native = (JSON.parse(fs.readFileSync(path.join(DIR, file.replace(/\.c$/, '.json')), 'utf8')) as { native?: NativeRecord }).native;
      if (native) {
        const report = JSON.parse(runCommand(await testParser(), text, file, { json: true, keepGoing: true }).stdout) as RunReport;
        assert.deepEqual({ stdout: report.stdout, exitCode: report.exitCode, signal: report.signal ?? null }, { stdout: native.stdout, exitCode: native.exitCode, signal: native.signal });
      }
    });
  }

  for (const file of jsFiles) {
    it(`${file}: every check answers with output + report or diagnostics`, () => {
      const text = fs.readFileSync(path.join(DIR, file), 'utf8');
      for (let variant = 0; variant < 4; variant++) {
        const outcome = checkJsMutant({ seed: file, text, mutations: [] }, variant);
        assert.ok(!isDefect(outcome), `variant ${variant}: ${outcome.kind}: ${outcome.detail}`);
      }
    });
  }
});
