import * as assert from 'node:assert/strict';
import { compileProgram } from '../../../../../src/lang/c/interpreter/compileProgram';
import { testParser } from '../../../cProgram';
import { errorsOf, runC } from './runC';

/**
 * C11's `_Generic` (6.5.1.1) as gcc 12 implements it. Every expected output below is what the
 * same program prints compiled by gcc 12.2 -std=gnu17 on x86-64 (Debian 12), recorded by hand;
 * the corpus program generic_selection.c is checked against a live gcc run.
 */
async function prints(body: string, prelude = ''): Promise<string> {
  const run = await runC(`#include <stdio.h>\n${prelude}\nint main(void) {\n${body}\nreturn 0;\n}\n`);
  assert.equal(run.code, 0, run.stderr);
  return run.stdout;
}

/** `_Generic(expr, ...)` printed for each case, space-separated. */
const selections = (cases: string[]) => cases.map((c) => `printf("%d ", ${c});`).join('\n');

describe('C interpreter: _Generic', () => {
  it('selects by the type after lvalue conversion, qualifiers, arrays and functions included', async () => {
    const prelude = 'struct s { unsigned x : 3; int y : 5; unsigned long z : 40; _Bool w : 1; } v;\nenum e { A, B };\nenum n { M = -1, N };\ntypedef int T;\nint f(int x) { return x; }';
    const body = 'enum e x = A; enum n y = N; char arr[3]; const char carr[2] = "a";\n' + selections([
      '_Generic(v.x, unsigned: 1, default: 2)', '_Generic(v.y, int: 1, default: 2)', '_Generic(v.z, unsigned long: 1, default: 2)',
      '_Generic(v.w, _Bool: 1, default: 2)', '_Generic(x, unsigned: 1, int: 2, default: 3)', '_Generic(y, unsigned: 1, int: 2, default: 3)',
      '_Generic(x, enum e: 4, default: 3)', '_Generic(A, enum e: 4, int: 5, default: 3)', '_Generic(arr, char *: 1, default: 3)',
      '_Generic(carr, const char *: 1, default: 3)', '_Generic(f, int (*)(int): 1, default: 3)', '_Generic(&f, int (*)(): 1, default: 3)',
      '_Generic((char)1, char: 1, signed char: 2, default: 3)', '_Generic((signed char)1, char: 1, signed char: 2, default: 3)',
      '_Generic(1.0f, float: 1, double: 2, default: 3)', "_Generic('a', char: 1, int: 2, default: 3)", '_Generic((T)1, int: 1, default: 3)',
      '_Generic(&arr, char (*)[3]: 1, char (*)[4]: 2, default: 3)', '_Generic(sizeof(int), unsigned long: 1, default: 3)',
      '_Generic(1 ? (int *)0 : (void *)0, void *: 1, int *: 2, default: 3)', '_Generic(0LL, long: 1, long long: 2)',
      '_Generic(1L + 1LL, long: 1, long long: 2)', '_Generic((const int)1, int: 1, default: 3)', '_Generic("x", char *: 1, default: 3)',
    ]);
    // gcc 12: 2 2 2 1 1 2 4 5 1 1 1 1 1 2 1 2 1 1 1 2 2 2 1 1
    assert.equal(await prints(body, prelude), '2 2 2 1 1 2 4 5 1 1 1 1 1 2 1 2 1 1 1 2 2 2 1 1 ');
  });

  it('the result is the chosen expression: not evaluated, an lvalue, a function to call, a string\'s array', async () => {
    const body = [
      'int i = 0; int r = _Generic(i++, int: i); printf("%d %d\\n", r, i);',
      '(_Generic(i, int: i)) = 7; int *p = &_Generic(i, int: i); printf("%d %d\\n", i, *p);',
      'printf("%d\\n", _Generic(i, int: a_f, const int: b_f)());',
      'printf("%zu %s\\n", sizeof _Generic(1, int: "hello"), _Generic(i + 2L, long: "long", int: "int"));',
    ].join('\n');
    // gcc 12: "0 0", "7 7", "20", "6 long"
    assert.equal(await prints(body, 'int a_f(void) { return 20; }\nint b_f(void) { return 10; }'), '0 0\n7 7\n20\n6 long\n');
  });

  it('in constant expressions: static initializers, array sizes, enumerators, case labels', async () => {
    const prelude = [
      'static int x = _Generic(1, int: 2, default: 3);', 'const char *name = _Generic(1L, long: "long", int: "int");',
      'double dd = 2.5;', 'int y = _Generic(dd, double: 10, default: 0);', "int arr[_Generic('a', int: 4, char: 1)];",
      'enum { E = _Generic(1u, unsigned: 7, default: 8) };', 'int z = _Generic(sizeof(int), unsigned long: 11, default: 0);',
    ].join('\n');
    const body = [
      'static int s = _Generic(1.0f, float: 42, default: 0);', 'static const char *t = _Generic((char)0, char: "char", default: "other");',
      'int n = 0;', 'switch (n) { case _Generic(n, int: 0, default: 1): puts("case int"); break; default: puts("default"); }',
      'int local[_Generic(n, int: 3, default: 9)];',
      'printf("%d %s %d %zu %d %d %d %s %zu\\n", x, name, y, sizeof arr, E, z, s, t, sizeof local);',
    ].join('\n');
    // gcc 12: "case int" then "2 long 10 16 7 11 42 char 12"
    assert.equal(await prints(body, prelude), 'case int\n2 long 10 16 7 11 42 char 12\n');
  });

  it('is an error in gcc\'s words when no association or two match, and for a bad association type', async () => {
    const errors = async (line: string) => errorsOf(`int main(void) {\n  ${line}\n  return 0;\n}\n`);
    // gcc 12 (the first error of each; gcc adds "selector matches multiple associations" to the second).
    assert.deepEqual(await errors('int x = _Generic(1.0, int: 1);'), ["'_Generic' selector of type 'double' is not compatible with any association"]);
    assert.deepEqual(await errors('int x = _Generic(1, int: 1, signed int: 2);'), ["'_Generic' specifies two compatible types"]);
    assert.deepEqual(await errors('int x = _Generic(1, default: 1, default: 2);'), ["duplicate 'default' case in '_Generic'"]);
    assert.deepEqual(await errors('int x = _Generic(1, void: 1, default: 2);'), ["'_Generic' association has incomplete type"]);
    assert.deepEqual(await errors('int x = _Generic(1, struct nope: 1, default: 2);'), ["'_Generic' association has incomplete type"]);
    assert.deepEqual(await errors('int x = _Generic(1, int(void): 1, default: 2);'), ["'_Generic' association has function type"]);
    assert.deepEqual(await errors('int n = 3; int x = _Generic(1, int[n]: 1, default: 2);'), ["'_Generic' association has variable length type"]);
    // In a static initializer and a case label too.
    assert.deepEqual(await errorsOf('static int q = _Generic(1, int: 1, signed: 2);\nint main(void) { return q; }\n'), ["'_Generic' specifies two compatible types"]);
    assert.deepEqual(await errors('switch (1) { case _Generic(1, int: 1, default: 1, default: 2): break; }'), ["duplicate 'default' case in '_Generic'"]);
    // An error in an association that is not selected is an error all the same.
    assert.deepEqual(await errors('int x = _Generic(1, char: y, int: 2);'), ["'y' undeclared"]);
    const at = compileProgram(await testParser(), 'int main(void) {\n  return _Generic(1.0, int: 1);\n}\n', 'test.c').diagnostics.find((d) => d.severity === 'error');
    assert.deepEqual([at?.range.startLine, at?.range.startColumn], [2, 19]); // gcc: 2:19, the controlling expression
  });

  it('a static initializer whose controlling type the image builder cannot know is a clear "not supported" error', async () => {
    assert.deepEqual(await errorsOf('int main(void) {\n  int n = 0;\n  static int q = _Generic(n, int: 1, default: 2);\n  return q;\n}\n'), [
      "a '_Generic' in the initializer of 'q', which has static storage, is not supported yet unless its controlling expression is a constant, a cast or a file-scope object: the image is laid out before the types of other expressions are known",
    ]);
  });

  it('places in .rodata only the literals gcc emits: none of the controlling expression\'s nor of unselected associations', async () => {
    const source = '#include <stdio.h>\nint main(void) {\n  int i = 0;\n  i = _Generic("17, io", char *: 3, const char *: 1);\n'
      + '  printf("%d %s\\n", i, _Generic(i + 2L, long: "long", int: "int", long long: "long long"));\n  return 0;\n}\n';
    const compiled = compileProgram(await testParser(), source, 'test.c');
    const literals = compiled.description.objects.filter((o) => o.kind === 'string-literal').map((o) => o.sourceName).sort();
    // gcc -S: .LC0 "long", .LC1 "%d %s\n" (gcc emits a call's arguments right to left; the image keeps source order).
    assert.deepEqual(literals, ['"%d %s\\n"', '"long"']);
    const run = await runC(source);
    assert.equal(run.stdout, '3 long\n');
  });
});
