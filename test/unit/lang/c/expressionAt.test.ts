import * as assert from 'node:assert/strict';
import { expressionAt } from '../../../../src/lang/c/expressionAt';

const at = (line: string, word: string, nth = 0) => {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = line.indexOf(word, i + 1);
  return expressionAt(line, i + 1)?.text;
};

describe('the expression a debug hover evaluates', () => {
  it('takes the whole member chain up to the hovered name', () => {
    const line = '  total += p->next->value;';
    assert.equal(at(line, 'value'), 'p->next->value');
    assert.equal(at(line, 'next'), 'p->next');
    assert.equal(at(line, 'p'), 'p');
    assert.equal(at('  s.inner.x = 1;', 'x'), 's.inner.x');
  });

  it('includes subscripts and a unary * or &, not a product', () => {
    assert.equal(at('  y = arr[i] + 1;', 'arr'), 'arr[i]');
    assert.equal(at('  y = grid[i][j];', 'grid'), 'grid[i][j]');
    assert.equal(at('  y = list[2].value;', 'value'), 'list[2].value');
    assert.equal(at('  x = *q;', 'q'), '*q');
    assert.equal(at('  f(&node);', 'node'), '&node');
    assert.equal(at('  z = a * b;', 'b'), 'b');
    assert.equal(at('  if (a && b) {', 'b'), 'b');
    assert.equal(at('  (*pp)->value = 3;', 'value'), '(*pp)->value');
  });

  it('ignores keywords and numbers', () => {
    assert.equal(at('  return 42;', 'return'), undefined);
    assert.equal(at('  return 42;', '42'), undefined);
    assert.equal(at('  struct node *n;', 'struct'), undefined);
  });
});
