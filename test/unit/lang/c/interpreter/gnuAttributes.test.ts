import * as assert from 'node:assert/strict';
import { extractAttributes } from '../../../../../src/lang/c/attributes/extractAttributes';
import { compileProgram } from '../../../../../src/lang/c/interpreter/compileProgram';
import { testParser } from '../../../cProgram';
import { runC } from './runC';

/**
 * gcc's `__attribute__((...))` everywhere gcc takes it (tree-sitter-c parses only some places):
 * packed and aligned lay structs out as gcc does (the corpus program gnu_attributes.c compares a
 * whole layout with gcc's output), attributes with no effect at -O0 are accepted, and those the
 * simulation cannot honour are errors naming them rather than silently different programs.
 */
describe('GNU attributes', () => {
  const diagnosticsOf = async (source: string) =>
    compileProgram(await testParser(), source, 'test.c').diagnostics.map((d) => [d.severity, `${d.range.startLine}:${d.range.startColumn}`, d.message]);

  it('blanks every attribute list to spaces, keeping lines, columns and string literals', () => {
    const source = 'union __attribute__((packed)) U { short u; };\nint x __attribute__((\n  aligned(8), unused)) = 1;\nchar *s = "__attribute__((packed))";\n';
    const { text, attributes } = extractAttributes(source);
    assert.equal(text.length, source.length);
    assert.deepEqual(text.split('\n').map((l) => l.length), source.split('\n').map((l) => l.length));
    assert.ok(text.startsWith('union                         U {'));
    assert.ok(text.includes('"__attribute__((packed))"'), 'a string literal is program data, not an attribute');
    assert.deepEqual(attributes.map((a) => [a.name, a.args, a.line, a.column]), [['packed', undefined, 1, 22], ['aligned', '8', 3, 3], ['unused', undefined, 3, 15]]);
  });

  it('union __attribute__((packed)) and attributes inside casts parse and run as gcc runs them (c-testsuite 00210)', async () => {
    const run = await runC(`#include <stdio.h>
typedef union __attribute__((packed)) Unaligned16b { unsigned short u; unsigned char b[2]; } Unaligned16b;
extern void foo(void) __attribute__((stdcall));
void __attribute__((stdcall)) foo(void) {}
#define ATTR __attribute__((__noinline__))
int ATTR actual_function() { return 42; }
int main() {
  void *function_pointer = &actual_function;
  int a = ((ATTR int(*) (void)) function_pointer)();
  int b = ((int(ATTR *)(void)) function_pointer)();
  printf("%i %i %zu %zu\\n", a, b, sizeof(Unaligned16b), _Alignof(Unaligned16b));
  return 0;
}
`);
    assert.equal(run.stdout, '42 42 2 1\n'); // gcc 12 -O0
  });

  it('a packed struct is read and written at its unaligned offsets', async () => {
    const run = await runC(`#include <stdio.h>
struct __attribute__((packed)) rec { char c; double d; int i; } recs[2] = { { 'a', 1.5, 7 }, { 'b', -2.25, 9 } };
int main(void) {
  recs[1].d *= 2;
  recs[0].i += recs[1].i;
  printf("%zu %.2f %d %p\\n", sizeof recs, recs[1].d, recs[0].i, (void *)((char *)&recs[1].d - (char *)recs));
  return 0;
}
`);
    assert.equal(run.stdout, '26 -4.50 16 0xe\n'); // gcc 12 -O0
  });

  it('attributes that would change the program are errors naming them; unknown ones are gcc\'s warning', async () => {
    assert.deepEqual(await diagnosticsOf('void done(int *p) {}\nint main(void) { int x __attribute__((cleanup(done))) = 1; return x - 1; }\n'),
      [['error', '2:39', "the 'cleanup' attribute is not supported yet: it changes what the program does"]]);
    assert.deepEqual(await diagnosticsOf('__attribute__((constructor)) static void early(void) {}\nint main(void) { return 0; }\n'),
      [['error', '1:16', "the 'constructor' attribute is not supported yet: it changes what the program does"]]);
    assert.deepEqual(await diagnosticsOf('int table[4] __attribute__((aligned(64)));\nint main(void) { return table[0]; }\n'),
      [['error', '1:29', "the 'aligned' attribute is supported on a struct, a union or a member only, not yet on a variable, a function or a typedef"]]);
    assert.deepEqual(await diagnosticsOf('struct s { int a; } __attribute__((aligned(3)));\nint main(void) { return 0; }\n'),
      [['error', '1:36', "requested alignment '3' is not a positive power of 2"]]);
    assert.deepEqual(await diagnosticsOf('int f(void) __attribute__((sparkly));\nint f(void) { return 0; }\nint main(void) { return f(); }\n'),
      [['warning', '1:28', "'sparkly' attribute directive ignored"]]);
    assert.deepEqual(await diagnosticsOf('int n __attribute__((packed, unused));\nint main(void) { return n; }\n'),
      [['warning', '1:22', "'packed' attribute ignored: it applies to a struct, a union or a member"]]);
  });
});
