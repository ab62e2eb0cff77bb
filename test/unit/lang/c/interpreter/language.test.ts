import * as assert from 'node:assert/strict';
import { errorsOf, returns, runC } from './runC';

/**
 * Small C programs that check their own results (chibicc style): each returns a value that the
 * test compares with what gcc -O0 on x86-64 gives.
 */
describe('C interpreter: the language', () => {
  it('integer arithmetic: precedence, division truncating toward zero, remainder sign', async () => {
    await returns(7, 'return 1 + 2 * 3;');
    await returns(253, 'return -7 / 2 + 256;'); // -3 + 256 = 253
    await returns(255, 'return (-7 % 3) & 255;'); // -1
    await returns(5, 'int a = 17, b = 3; return a / b;');
  });

  it('int overflow wraps as the hardware does; unsigned arithmetic is modulo 2^32', async () => {
    await returns(1, 'int x = 2147483647; x = x + 1; return x == -2147483647 - 1;');
    await returns(1, 'unsigned u = 0; u = u - 1; return u == 4294967295u;');
    await returns(1, 'unsigned a = 3000000000u; unsigned b = 3000000000u; return a + b == 1705032704u;');
    await returns(1, 'int m = 65536; return m * m == 0;');
  });

  it('usual arithmetic conversions: -1 < 1u is false; long keeps the sign', async () => {
    await returns(0, 'return -1 < 1u;');
    await returns(1, 'return -1L < 1u;');
    await returns(1, 'unsigned char c = 200; return c + c == 400;');
    await returns(1, 'signed char c = -56; unsigned char d = c; return d == 200;');
  });

  it('64-bit integers are exact, including beyond 2^53', async () => {
    await returns(1, 'long a = 9007199254740993L; long b = a + 2; return b == 9007199254740995L;');
    await returns(1, 'unsigned long x = 0; x = x - 1; return x == 18446744073709551615UL;');
    await returns(1, 'long long m = 9223372036854775807LL; m = m + 1; return m < 0;');
    await returns(1, 'unsigned long h = 0xdeadbeefcafebabeUL; return (h >> 32) == 0xdeadbeefUL && (int)(h & 0xff) == 0xbe;');
    await returns(1, 'long v = -3; return (v >> 1) == -2 && (unsigned long)v % 10 == 3;');
    await returns(1, 'unsigned long a = 1UL << 63; return a / 3 == 3074457345618258602UL;');
  });

  it('pointer arithmetic is scaled by the element size; differences count elements', async () => {
    await returns(3, 'int a[5]; int *p = &a[1]; int *q = &a[4]; return q - p;');
    await returns(1, 'long a[4]; return (char *)(a + 3) - (char *)a == 24;');
    await returns(30, 'int a[3] = {10, 20, 30}; int *p = a; p += 2; return *p;');
    await returns(20, 'int a[3] = {10, 20, 30}; return *(1 + a);');
  });

  it('arrays: multi-dimensional, decay, sizeof', async () => {
    await returns(6, 'int m[2][3] = {{1, 2, 3}, {4, 5, 6}}; return m[1][2];');
    await returns(24, 'int m[2][3]; return sizeof m;');
    await returns(12, 'int m[2][3]; return sizeof m[0];');
    await returns(4, 'int m[2][2] = {1, 2, 3, 4}; return m[1][0] + m[0][0];');
    await returns(8, 'int a[10]; int *p = a; return sizeof p;');
  });

  it('structs and unions: layout, copy, members through pointers, nested designators', async () => {
    await returns(24, 'struct s { char c; double d; short x; }; return sizeof(struct s);', '');
    await returns(7, 'struct p { int x, y; }; struct p a = {3, 4}; struct p b = a; return b.x + b.y;');
    await returns(9, 'struct p { int x, y; } a = { .y = 9 }; struct p *q = &a; return q->y + q->x;');
    await returns(1, 'union u { int i; unsigned char b[4]; } v; v.i = 0x01020304; return v.b[3];');
    await returns(42, 'struct in { int v; }; struct out { struct in a[2]; } o = { .a[1].v = 42 }; return o.a[1].v + o.a[0].v;');
  });

  it('struct values are passed and returned by copy', async () => {
    await returns(11, 'return add(mk(5, 6));', 'struct p { int x, y; };\nstruct p mk(int x, int y) { struct p r = {x, y}; return r; }\nint add(struct p q) { q.x = 100; return q.y + 5; }');
    await returns(100, 'struct big b = make(); return b.a[9];', 'struct big { long a[10]; };\nstruct big make(void) { struct big b; for (int i = 0; i < 10; i++) b.a[i] = i * 11 + 1; return b; }');
  });

  it('control flow: loops, switch fall-through, break, continue, goto', async () => {
    await returns(45, 'int s = 0; for (int i = 0; i < 10; i++) s += i; return s;');
    await returns(25, 'int s = 0, i = 0; while (i < 10) { i++; if (i % 2 == 0) continue; s += i; } return s;');
    await returns(3, 'int n = 0; do n++; while (n < 3); return n;');
    await returns(12, 'int r = 0; switch (2) { case 1: r += 1; case 2: r += 2; case 3: r += 10; break; default: r += 100; } return r;');
    await returns(100, 'int r = 0; switch (7) { case 1: r = 1; break; default: r = 100; } return r;');
    await returns(10, 'int i = 0; again: i++; if (i < 10) goto again; return i;');
    await returns(6, 'int c = 0; for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) { if (j == 2) break; c++; } return c;');
  });

  it('short-circuit and conditional evaluate only what C says', async () => {
    await returns(0, 'int n = 0; if (0 && (n = 1)) {} return n;');
    await returns(0, 'int n = 0; if (1 || (n = 1)) {} return n;');
    await returns(0, 'return bump(0);', 'int hits = 0;\nint f(void) { hits++; return 1; }\nint bump(int c) { int r = c && f(); return r + hits; }');
    await returns(2, 'int a = 1; return a ? 2 : f();', 'int f(void) { exit(9); }');
    await returns(5, 'int x = (1, 2, 5); return x;');
  });

  it('block scopes shadow outer names; static locals keep their value', async () => {
    await returns(1, 'int x = 1; { int x = 2; x++; } return x;');
    await returns(3, 'f(); f(); return f();', 'int f(void) { static int n; return ++n; }');
    await returns(15, 'return counter + 5;', 'static int counter = 10;');
  });

  it('a struct tag redefined in an inner block is a new type there, also for a static local of it', async () => {
    // gcc 12 runs this program to exit status 9 (the inner block's checks pass, then 4 + 5).
    await returns(9, [
      'struct T { int x; } a; a.x = 1;',
      '{ struct T { char c[40]; }; static struct T s; s.c[39] = 2; if (sizeof s + a.x + s.c[39] != 43) return 1; }',
      'struct T b = { 5 }; return sizeof b + b.x;',
    ].join('\n'));
  });

  it('recursion and function pointers', async () => {
    await returns(55, 'return fib(10);', 'int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }');
    await returns(12, 'int (*op)(int, int) = mul; return apply(op, 3, 4);', 'int mul(int a, int b) { return a * b; }\nint apply(int (*f)(int, int), int x, int y) { return f(x, y); }');
    await returns(7, 'int (*ops[2])(int, int) = {add, sub}; return ops[0](5, 4) - (*ops[1])(5, 3);', 'int add(int a, int b) { return a + b; }\nint sub(int a, int b) { return a - b; }');
  });

  it('compound literals, enums, typedefs, casts, char arithmetic', async () => {
    await returns(6, 'int *p = (int[]){1, 2, 3}; return p[0] + p[1] + p[2];');
    await returns(2, 'enum color { RED, GREEN, BLUE }; enum color c = BLUE; return c;');
    await returns(4, 'typedef struct { int a; } T; T t = {4}; return t.a;');
    await returns(1, 'double d = 3.99; return (int)d == 3 && (int)-d == -3;');
    await returns(1, "char c = 'a'; c += 2; return c == 'c';");
    await returns(1, 'return sizeof(long) == 8 && sizeof(short) == 2 && _Alignof(double) == 8;');
  });

  it('_Bool: casts and conversions give 0 or 1, sizeof(_Bool) is 1', async () => {
    await returns(3, 'return (_Bool)256 + (_Bool)0.5 + (_Bool)-1;');
    await returns(1, 'int x = 2; _Bool b = x; return b == 1 && (_Bool)(x - 2) == 0 && sizeof(_Bool) == 1;');
    await returns(1, 'double d = 0.0; return !(_Bool)d && sizeof((_Bool)d) == 1;');
  });

  it('casts to typedef names that parse like calls or binary operators: (T)(x), (T)-x, (T)*p, (T)&x', async () => {
    const prelude = 'typedef unsigned char byte;\ntypedef long word;';
    await returns(1, 'int x = 300; return (byte)(x) == 44 && (byte)-1 * 2 == 510;', prelude);
    await returns(1, 'int x = 300; int *p = &x; return 1 + (word)*p * 2 == 601 && (word)&x == (word)p;', prelude);
    await returns(1, 'int word = 3; return (word)-1 == 2;', prelude); // an object named like the type hides it
  });

  it('static initializers with such casts are constants; braces left out around structs count elements as gcc does', async () => {
    const prelude = 'typedef long I;\nstruct pt { I c[2]; I b; };\nI k = ((I)+4L + (I)-2L * 3);\nstruct pt cases[] = { (I)1L, (I)+2L, 3, ((I)4L + 1), 5, 6, {7}, { { 8 } } };';
    // gcc 12: k is -2; cases has 4 elements (two of three scalars each, then two braced ones).
    await returns(1, 'return k == -2 && sizeof cases / sizeof cases[0] == 4 && cases[1].c[0] == 5 && cases[1].b == 6 && cases[2].c[0] == 7 && cases[3].c[0] == 8;', prelude);
    await returns(3, 'struct pt a = { 1, 2, 3 }, b = { 4, 5, 6 }; struct pt both[] = { a, b, a }; return sizeof both / sizeof both[0];', prelude);
  });

  it('static structs with a flexible array member are as long as their initializer makes them; a struct cast to its own type', async () => {
    const run = await runC(`#include <stdio.h>
struct W { int n; int s[]; } w = { 2, { 10, 20 } }, after = { 1 };
struct W named = { .n = 3, .s = { 7, 8, 9 } };
struct P { int x, y; } p = { 1, 2 };
int main(void) {
  static struct W local = { 1, { 5 } };
  struct P q = (struct P)p;
  printf("%d %d %td %d %d %d\\n", w.s[1], named.s[2], (char *)&after - (char *)&w, local.s[0], q.y, after.n);
  return 0;
}
`);
    assert.equal(run.stdout, '20 9 12 5 2 1\n'); // gcc 12 -O0
  });

  it('compound literals at file scope are static objects gcc names __compound_literal.N (c-testsuite 00149, 00150)', async () => {
    const run = await runC('struct S { int a; int b; };\nstruct S *s = &(struct S) { 1, 2 };\nint *v = (int[]){ 3, 4 };\nint main(void) { s->b += v[1]; return s->a * 10 + s->b; }\n');
    assert.equal(run.code, 16);
    const symbols = run.session.program.vm!.process.image.symbols.filter((x) => x.object.kind === 'compound-literal').map((x) => [x.object.name, x.object.section, x.object.size]);
    assert.deepEqual(symbols, [['__compound_literal.0', 'data', 8], ['__compound_literal.1', 'data', 8]]);
    // gcc also takes a literal's list as an array's own: `T a[] = (T[]){ ... }` has its length.
    const named = await runC('#include <stdio.h>\nstatic const char *labels[] = (const char *[]){ "ping", "pong" };\nint main(void) { printf("%zu %s\\n", sizeof labels / sizeof labels[0], labels[1]); return 0; }\n');
    assert.equal(named.stdout, '2 pong\n'); // gcc 12 -O0
  });

  it('subtracting pointers to zero-size objects is gcc\'s error; a zero-length VLA\'s difference is SIGFPE, as its idiv', async () => {
    assert.deepEqual(await errorsOf('int main(void) { int g[3][4]; int (*r)[0] = (int (*)[0])g; return r - (int (*)[0])g; }\n'), ['arithmetic on pointer to an empty aggregate']);
    const run = await runC('int main(void) { int n = 0; int g[4][4]; int (*r)[n] = (int (*)[n])g; return (int)(r - (int (*)[n])g); }\n');
    assert.equal(run.signal, 'SIGFPE');
  });

  it('sizeof of an object in an array size is a constant expression: the array is not a VLA', async () => {
    await returns(24, 'int a[5]; void *b[sizeof a / sizeof a[0] + 1]; return sizeof b / 2;');
    await returns(32, 'return sizeof copy;', 'int table[7];\nint copy[sizeof table / sizeof table[0] + 1];');
    await returns(8, 'return sizeof tail;', 'struct rec { char name[8]; } r;\nchar tail[sizeof r.name];');
  });

  it('string literals live in .rodata: writing to one is a segfault', async () => {
    const run = await runC('int main(void) { char *s = "abc"; s[0] = \'x\'; return 0; }');
    assert.equal(run.signal, 'SIGSEGV');
    assert.match(run.session.program.error!.message, /read-only/);
  });

  it('an unsupported construct is a diagnostic naming it, with its range', async () => {
    await assert.rejects(runC('int main(void) {\n  long double x = 1.5;\n  return (int)(x * 2);\n}'), /3:16: a long double value \(80-bit x87 arithmetic\) is not supported yet/);
  });

  it('integer division by zero raises SIGFPE', async () => {
    const run = await runC('int main(void) { int z = 0; return 5 / z; }');
    assert.equal(run.signal, 'SIGFPE');
  });
});
