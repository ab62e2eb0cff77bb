import * as assert from 'node:assert/strict';
import { CMutator } from '../../fuzz/c/cMutator';
import { runCampaign } from '../../fuzz/campaign';
import { testParser } from '../cProgram';

/**
 * The fuzz tier's fixed-seed run inside `npm test` (about 20 s): 300 mutants of the C corpus, each
 * through every check in a worker thread with a time and a heap limit. The long runs are
 * `npm run fuzz` (see test/fuzz/README.md).
 */
describe('fuzz tier: a short fixed-seed campaign', function () {
  this.timeout(180_000);

  it('300 mutants of the C corpus (seed 14): each ends in output + report or diagnostics', async () => {
    const result = await runCampaign(new CMutator(await testParser()), { seed: 14, count: 300, jobs: 1, timeoutMs: 30_000 });
    const defects = result.defects.map((d) => `${d.signature}\n  mutant ${d.index} of ${d.mutant.seed}: ${d.mutant.mutations.join('; ')}`);
    assert.deepEqual(defects, []);
    assert.equal(result.programs, 300);
    // Both good answers occur: the mutations make programs that run and programs that do not compile.
    assert.ok(result.outcomes.ran > 50 && result.outcomes.diagnostics > 20, JSON.stringify(result.outcomes));
    console.log(`      ${result.programs} mutants in ${(result.ms / 1000).toFixed(1)} s: ${result.outcomes.ran} ran, ${result.outcomes.diagnostics} diagnostics`);
  });
});
