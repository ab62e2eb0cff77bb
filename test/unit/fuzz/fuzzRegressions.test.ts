import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { checkCMutant } from '../../fuzz/c/cTarget';
import { ROOT } from '../../fuzz/c/cMutator';
import { isDefect } from '../../fuzz/outcome';
import { testParser } from '../cProgram';

const DIR = path.join(ROOT, 'test', 'fixtures', 'fuzz-crashes');

describe('fuzz regressions: every defect the fuzzer found stays fixed', function () {
  this.timeout(60_000);
  const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.c')).sort();

  it('has a record of how each was found and fixed', () => {
    assert.ok(files.length > 0);
    for (const f of files) {
      const record = JSON.parse(fs.readFileSync(path.join(DIR, f.replace(/\.c$/, '.json')), 'utf8')) as { found: string; defect: string; fix: string };
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
    });
  }
});
