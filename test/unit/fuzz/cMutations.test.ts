import * as assert from 'node:assert/strict';
import { C_MUTATIONS, type CMutationName } from '../../fuzz/c/cMutations';
import { cSyntaxNodes } from '../../fuzz/c/cSyntaxNodes';
import { CMutator } from '../../fuzz/c/cMutator';
import { makeMutant } from '../../fuzz/campaign';
import { applyEdits } from '../../fuzz/mutator';
import { Random } from '../../fuzz/random';
import { testParser } from '../cProgram';

const PROGRAM = [
  '#include <stdlib.h>',
  'int main(void) {',
  '  int *p = malloc(4 * sizeof *p);',
  '  int *q = p;',
  '  for (int i = 0; i < 4; i++) p[i] = i;',
  '  free(p);',
  '  return q[0] + 1;',
  '}',
].join('\n');

/** Applies one named mutation with the first seed (of 50) that finds something to change. */
async function mutated(name: CMutationName): Promise<{ text: string; what: string }> {
  const nodes = cSyntaxNodes(await testParser(), PROGRAM);
  for (let seed = 1; seed < 50; seed++) {
    const change = C_MUTATIONS[name](nodes, new Random(seed), PROGRAM);
    if (change) return { text: applyEdits(PROGRAM, change.edits), what: change.what };
  }
  throw new Error(`${name} found nothing to change`);
}

describe('fuzz tier: C mutations (tree-sitter)', () => {
  it('drops a free, or makes it twice', async () => {
    assert.ok(!(await mutated('dropFree')).text.includes('free(p);'));
    assert.equal((await mutated('doubleFree')).text.match(/free\(p\);/g)?.length, 2);
  });

  it('deletes, duplicates and swaps statements of a block', async () => {
    const deleted = await mutated('deleteStatement');
    assert.equal(deleted.text.split('\n').length, PROGRAM.split('\n').length);
    assert.ok(deleted.text.length < PROGRAM.length);
    assert.ok((await mutated('duplicateStatement')).text.length > PROGRAM.length);
    const swapped = await mutated('swapStatements');
    assert.notEqual(swapped.text, PROGRAM);
    assert.deepEqual([...swapped.text].sort().join(''), [...PROGRAM].sort().join(''));
  });

  it('changes constants and comparisons, retargets pointers, drops operands and arguments', async () => {
    assert.match((await mutated('changeConstant')).what, /^the constant \d+ became -?\d+ \(line \d\)$/);
    assert.match((await mutated('flipComparison')).what, /^'<' became '(<=|>)' \(line 5\)$/);
    assert.notEqual((await mutated('retargetPointer')).text, PROGRAM);
    assert.notEqual((await mutated('deleteExpression')).text, PROGRAM);
    assert.notEqual((await mutated('duplicateExpression')).text, PROGRAM);
    assert.notEqual((await mutated('swapExpressions')).text, PROGRAM);
  });

  it('mutant N of a seed is the same on every run (a campaign can be replayed one mutant at a time)', async () => {
    const mutator = new CMutator(await testParser());
    for (const index of [0, 7, 123]) assert.deepEqual(makeMutant(mutator, 99, index), makeMutant(mutator, 99, index));
    assert.notDeepEqual(makeMutant(mutator, 99, 1).text, makeMutant(mutator, 99, 2).text);
  });
});
