import * as assert from 'node:assert/strict';
import { runCampaign } from '../../fuzz/campaign';
import { JsMutator } from '../../fuzz/js/jsMutator';

/**
 * The JavaScript half of the fuzz tier's fixed-seed run inside `npm test` (about 20 s): 300
 * mutants of the JS corpus, each through every check in a worker thread with a time and a heap
 * limit. The long runs are `npm run fuzz -- --language js` (see test/fuzz/README.md).
 */
describe('fuzz tier: a short fixed-seed campaign over JavaScript', function () {
  this.timeout(180_000);

  it('300 mutants of the JS corpus (seed 14): each ends in output + report or diagnostics', async () => {
    const result = await runCampaign(new JsMutator(), { seed: 14, count: 300, jobs: 1, timeoutMs: 30_000 });
    const defects = result.defects.map((d) => `${d.signature}\n  mutant ${d.index} of ${d.mutant.seed}: ${d.mutant.mutations.join('; ')}`);
    assert.deepEqual(defects, []);
    assert.equal(result.programs, 300);
    assert.ok(result.outcomes.ran > 100 && result.outcomes.diagnostics > 10, JSON.stringify(result.outcomes));
    console.log(`      ${result.programs} mutants in ${(result.ms / 1000).toFixed(1)} s: ${result.outcomes.ran} ran, ${result.outcomes.diagnostics} diagnostics`);
  });
});
