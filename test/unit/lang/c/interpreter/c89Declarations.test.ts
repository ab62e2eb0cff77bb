import * as assert from 'node:assert/strict';
import { compileProgram } from '../../../../../src/lang/c/interpreter/compileProgram';
import { testParser } from '../../../cProgram';
import { errorsOf, runC } from './runC';

/**
 * Old C that gcc 12 still accepts (c-testsuite has each): a call before any declaration (C89's
 * implicit `int f()`, with gcc's warning), prototypes and extern objects never defined (only a use
 * is ld's "undefined reference"), and `#if` operands that are never evaluated.
 */
describe('C89 declarations and #if operands gcc accepts', () => {
  it('a call to a function defined further down runs, with gcc\'s -Wimplicit-function-declaration warning', async () => {
    const source = 'int main(void) { return twice(21) - 42; }\nint twice(int x) { return 2 * x; }\n';
    const compiled = compileProgram(await testParser(), source, 'test.c');
    assert.deepEqual(compiled.diagnostics.map((d) => [d.severity, d.message]), [['warning', "implicit declaration of function 'twice' [-Wimplicit-function-declaration]"]]);
    assert.equal((await runC(source)).code, 0);
  });

  it('a later definition returning something else than int conflicts, as gcc says', async () => {
    const errors = await errorsOf('int main(void) { return (int)half(3); }\ndouble half(int x) { return x / 2.0; }\n');
    assert.deepEqual(errors, ["conflicting types for 'half': its use before its definition declared it as returning int"]);
  });

  it('prototypes and extern objects nobody defines are fine until used', async () => {
    assert.deepEqual(await errorsOf('int foo(void);\nextern int x;\nint main(void) { return 0; }\n'), []);
    assert.deepEqual(await errorsOf('int foo(void);\nint main(void) { return foo(); }\n'), ["undefined reference to 'foo': it is declared but defined neither in this file nor by the C library"]);
    assert.deepEqual(await errorsOf('extern int x;\nint main(void) { return x; }\n'), ["undefined reference to 'x': it is declared but defined neither in this file nor by the C library"]);
  });

  it('#if divides by zero only where the operand is evaluated', async () => {
    assert.deepEqual(await errorsOf('#if 0 && (1 / 0)\n#error no\n#endif\n#if 1 || (1 % 0)\n#else\n#error no\n#endif\n#if 1 ? 2 : 1 / 0\n#endif\nint main(void) { return 0; }\n'), []);
    assert.deepEqual(await errorsOf('#if 1 && (1 / 0)\n#endif\nint main(void) { return 0; }\n'), ['invalid #if expression: division by zero']);
  });
});
