import * as assert from 'node:assert/strict';
import type { InspectionError } from '../../../../../src/engine/program/programInspector';
import { errorsOf, inspected as value, runC, startC } from './runC';

/**
 * GNU C's statement expressions `({ ...; e; })` and tree-sitter's "primitive types" (size_t,
 * uint16_t, bool, ...) as declared names. Each program's expected output is what gcc 12.2 -O0
 * (Debian 12, x86-64) printed for it; each error is gcc's message for the same source.
 */
const STATEMENT_EXPRESSIONS = String.raw`#include <stdio.h>
#include <stdint.h>
struct P { int x, y; };
static int calls;
static int next(void) { return ++calls; }
static int f(int n) {
  /* return from inside a statement expression */
  int r = ({ if (n < 0) return -1; n * 2; });
  return r + 1;
}
int main(void) {
  int a = ({ int t = 3; t * t; });
  struct P p = ({ struct P q = { 1, 2 }; q.y += 10; q; });
  int arr[3] = { 4, 5, 6 };
  int *q = ({ arr; });
  const int c = 7;
  printf("%d %d %d %d %zu %zu\n", a, p.x, p.y, q[2], sizeof ({ (char)1; }), sizeof ({ c; }));
  /* break and continue from a statement expression in a loop body */
  int sum = 0;
  for (int i = 0; i < 10; i++) {
    sum += ({ if (i == 2) continue; if (i == 6) break; i; });
  }
  printf("sum %d\n", sum);
  /* goto out of, and within, a statement expression */
  int k = 0;
  int v = ({ int j = 0; again: j++; if (j < 4) goto again; if (k == 0) goto out; j; });
  printf("unreached %d\n", v);
out:
  printf("out k=%d\n", k);
  /* nested statement expressions and shadowing */
  int x = 1;
  int n = ({ int x = 10; ({ int x = 100; x + 1; }) + x; }) + x;
  printf("nested %d\n", n);
  /* evaluation order: a variable is read after the statement expression, calls run in gcc's order */
  int y = 2;
  int z = y + ({ y = 5; 1; });
  printf("order %d %d\n", z, next() * 10 + ({ next(); }));
  /* short-circuit operators and ?: evaluate it only when C says */
  int e = 0;
  int w = (e && ({ puts("not run"); 1; })) || ({ puts("run"); 2; });
  int u = e ? ({ puts("no"); 1; }) : ({ puts("yes"); 3; });
  printf("logic %d %d\n", w, u);
  /* in conditions */
  int count = 0;
  while (({ count++; count < 3; })) ;
  if (({ int t = count; t == 3; })) printf("count %d\n", count);
  /* a switch with break inside it */
  int s = ({ int r = 0; switch (count) { case 3: r = 30; break; default: r = -1; } r; });
  printf("switch %d\n", s);
  /* a typedef and a static local inside */
  int g = ({ typedef long L; static int times; times++; (int)sizeof(L) + times; });
  printf("typedef %d\n", g);
  /* a void statement expression, discarded and in a comma expression */
  ({ printf("void\n"); });
  int h = (({ (void)0; }), 9);
  int lab = ({ int i = 0; again2: i++; if (i < 3) goto again2; done: i * 10; });
  printf("label %d\n", lab);
  printf("comma %d %d %d\n", h, f(4), f(-3));
  /* VLAs inside: given back when the value is computed */
  int len = 5;
  uintptr_t first = ({ char buf[len]; (uintptr_t)buf; });
  uintptr_t second = ({ char buf[len * 2]; buf[0] = 1; (uintptr_t)buf + buf[0] - 1; });
  size_t vs = ({ int m[len]; sizeof m; });
  printf("vla %d %zu\n", first == second, vs);
  return 0;
}
`;

/** What `gcc -O0 se.c && ./a.out` printed. */
const STATEMENT_EXPRESSIONS_GCC = String.raw`9 1 12 6 1 4
sum 13
out k=0
nested 112
order 6 12
run
yes
logic 1 3
count 3
switch 30
typedef 9
void
label 30
comma 9 9 -1
vla 1 20
`;

const TYPEDEF_NAMES = String.raw`extern int printf(const char *, ...);
typedef unsigned long size_t;
typedef unsigned short uint16_t, *u16p;
typedef signed char int8_t;
typedef long ptrdiff_t[2];
typedef int bool;
static int twice(int int8_t) { return int8_t * 2; }
int main(void) {
  uint16_t u = 65535;
  u16p p = &u;
  int8_t c = -1;
  ptrdiff_t pair = { 3, 4 };
  bool b = 2;
  {
    int size_t = 3;
    printf("%d\n", size_t + 1);
  }
  size_t s = sizeof(pair);
  printf("%u %d %zu %ld %d %d\n", (unsigned)*p + 1, c, s, pair[1], b, twice(21));
  return 0;
}
`;

/** What gcc 12.2 printed for TYPEDEF_NAMES. */
const TYPEDEF_NAMES_GCC = '4\n65536 -1 16 4 2 42\n';

/** A compatible redefinition of the headers' typedefs (C11 6.7p3); gcc prints 3. */
const HEADER_TYPEDEFS_AGAIN = String.raw`#include <stddef.h>
#include <stdint.h>
typedef unsigned long size_t;
typedef long unsigned int size_t;
typedef unsigned short uint16_t;
typedef signed char int8_t;
extern int printf(const char *, ...);
int main(void) { size_t n = sizeof(uint16_t) + sizeof(int8_t); printf("%zu\n", n); return 0; }
`;

describe('C interpreter: statement expressions and typedef names tree-sitter takes for builtin types', () => {
  it('values, struct and array results, break/continue/goto/return inside, order of evaluation, VLAs: as gcc runs them', async () => {
    const run = await runC(STATEMENT_EXPRESSIONS);
    assert.equal(run.stdout, STATEMENT_EXPRESSIONS_GCC);
    assert.equal(run.code, 0);
  });

  it('the jumps gcc forbids, and a statement expression outside a function, are errors in gcc\'s words', async () => {
    // gcc: "break statement not within loop or switch" (a while condition's break is not the loop's).
    assert.deepEqual(await errorsOf('int main(void) { int x = 3; while (({ if (x == 0) break; x--; })) ; return 0; }\n'), ['break statement not within loop or switch']);
    // gcc: "switch jumps into statement expression", "jump into statement expression".
    assert.deepEqual(await errorsOf('int main(void) { int x = 0; switch (x) { case 0: ({ case 1: 0; }); } return 0; }\n'), ['switch jumps into statement expression']);
    assert.deepEqual(await errorsOf('int main(void) { goto inside; ({ inside: 1; }); return 0; }\n'), ['jump into statement expression']);
    // gcc: "braced-group within expression allowed only inside a function" (at the '(' of each).
    assert.deepEqual(await errorsOf('int ok = ({ 1; });\nint y[2] = { 0, 1 + ({ 1; }) };\nint main(void) { return ok; }\n'), [
      'braced-group within expression allowed only inside a function', 'braced-group within expression allowed only inside a function',
    ]);
    // Jumps gcc allows: out of it, within it, and break/continue of the loop around the statement.
    assert.deepEqual(await errorsOf('int main(void) { for (int i = 0; i < 3; i++) { int v = ({ if (i) continue; again: if (i > 9) goto again; if (i < 0) goto out; 1; }); } out: return 0; }\n'), []);
  });

  it('a debugger shows the locals of a statement expression while it runs, and its VLA is given back after its value', async () => {
    const s = await startC([
      '#include <stdio.h>', //    1
      'int main(void) {', //      2
      '  int n = 4;', //          3
      '  int r = ({', //          4
      '    int t = n * 2;', //    5
      '    char v[n];', //        6
      '    v[0] = 1;', //         7
      '    t + v[0];', //         8
      '  });', //                 9
      '  printf("%d\\n", r);', // 10
      '  return 0;', //           11
      '}', //                     12
    ].join('\n'));
    const rsp = () => s.snapshot().registers.rsp;
    s.runToLine(4);
    const before = rsp();
    const ins = s.program.inspector;
    assert.match((ins.evaluate('t', 0, 'watch') as InspectionError).error, /No symbol "t"/);
    s.runToLine(8);
    assert.equal(value(ins.evaluate('t', 0, 'watch')).value, '8');
    assert.equal(value(ins.evaluate('v[0] + n', 0, 'watch')).value, '5');
    assert.notEqual(rsp(), before, 'the VLA is below the frame');
    assert.deepEqual(ins.scopes(0).find((x) => x.name === 'Locals')!.values.map((v) => v.name), ['n', 'r', 't', 'v']);
    s.runToLine(10);
    assert.equal(rsp(), before);
    assert.equal(value(ins.evaluate('r', 0, 'watch')).value, '9');
    assert.match((ins.evaluate('t', 0, 'watch') as InspectionError).error, /No symbol "t"/);
    s.run();
    assert.equal(s.program.vm!.stdout, '9\n');
  });

  it('size_t, uint16_t, int8_t, bool... declared by the program itself, as typedefs and as other names', async () => {
    assert.equal((await runC(TYPEDEF_NAMES)).stdout, TYPEDEF_NAMES_GCC);
    assert.equal((await runC(HEADER_TYPEDEFS_AGAIN)).stdout, '3\n');
  });

  it('a typedef that conflicts with another of the same scope, or names an object there, is gcc\'s error', async () => {
    // gcc 12.2: "conflicting types for 'size_t'; have 'int'" (with a note at <stddef.h>'s typedef).
    assert.deepEqual(await errorsOf('#include <stddef.h>\ntypedef int size_t;\nint main(void) { return 0; }\n'), ["conflicting types for 'size_t'; have 'int'"]);
    assert.deepEqual(await errorsOf('typedef const int C; typedef int C;\nint main(void) { return 0; }\n'), ["conflicting type qualifiers for 'C'"]);
    assert.deepEqual(await errorsOf('#include <stddef.h>\nint size_t = 3;\nint main(void) { return 0; }\n'), ["'size_t' redeclared as different kind of symbol"]);
    assert.deepEqual(await errorsOf('int size_t = 3;\ntypedef unsigned long size_t;\nint main(void) { return 0; }\n'), ["'size_t' redeclared as different kind of symbol"]);
    assert.deepEqual(await errorsOf('int main(void) { typedef int y; int y; return 0; }\n'), ["'y' redeclared as different kind of symbol"]);
    assert.deepEqual(await errorsOf('void f(int n) { typedef int A[n]; typedef int A[n]; }\nint main(void) { return 0; }\n'), ["redefinition of typedef 'A' with variably modified type"]);
    // A keyword is not a name: gcc says "expected identifier or '(' before 'void'".
    assert.deepEqual(await errorsOf('typedef int *void;\nint main(void) { return 0; }\n'), ["expected identifier or '(' before 'void'"]);
    // An inner scope may reuse the name (C11 6.2.1p4): gcc accepts these.
    assert.deepEqual(await errorsOf('#include <stddef.h>\nint main(void) { typedef int size_t; size_t x = 1; int ptrdiff_t = 3; return x + ptrdiff_t; }\n'), []);
  });
});
