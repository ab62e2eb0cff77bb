import * as assert from 'node:assert/strict';
import { compileProgram } from '../../../../../src/lang/c/interpreter/compileProgram';
import { testParser } from '../../../cProgram';

/** The errors of a program, as `line:message`. */
async function errors(source: string): Promise<string[]> {
  const compiled = compileProgram(await testParser(), source, 'test.c');
  return compiled.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.range.startLine}:${d.message}`);
}

/**
 * One mistake, one diagnostic: once a declaration is reported as wrong or unsupported, the uses
 * of the name it declares say nothing more (no "'x' undeclared" at each of them).
 */
describe('C checker: no follow-on errors after a failed declaration', () => {
  it('an unsupported local declaration is reported once, not again at each use', async () => {
    const found = await errors('int main(void) {\n  static __thread int hits;\n  hits++;\n  return hits;\n}\n');
    assert.deepEqual(found, ['2:thread-local storage is not supported yet']);
  });

  it('an unknown type name is reported once; the variable\'s uses are not checked against a guessed type', async () => {
    const found = await errors('int main(void) {\n  widget_t w;\n  w.size = 3;\n  return w.size;\n}\n');
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(found[0], /^2:unknown type name 'widget_t'/);
  });

  it('a file-scope object of incomplete type is reported at its declaration only', async () => {
    const found = await errors('struct missing g;\nint main(void) {\n  g.x = 1;\n  return g.x;\n}\n');
    assert.deepEqual(found, ["1:storage size of 'g' isn't known (struct missing)"]);
  });

  it('a parameter with a bad type fails alone: the other parameters are still checked', async () => {
    const found = await errors('int f(thing_t t, int n) {\n  return t + n + undeclared;\n}\nint main(void) { return f(0, 1); }\n');
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(found[0], /^1:unknown type name 'thing_t'/);
    const other = await errors('int f(thing_t t, int n) {\n  return n + undeclared;\n}\nint main(void) { return f(0, 1); }\n');
    assert.deepEqual(other.map((e) => e.split(':')[0]), ['1', '2'], other.join('\n'));
  });

  it('a member of a struct whose definition had errors is not reported missing', async () => {
    const found = await errors('struct s { int a; undefined_t b; };\nint main(void) {\n  struct s x;\n  x.b = 2;\n  return x.a;\n}\n');
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(found[0], /^1:unknown type name 'undefined_t'/);
  });
});
