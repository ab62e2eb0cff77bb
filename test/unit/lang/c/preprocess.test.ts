import * as assert from 'node:assert/strict';
import { preprocess } from '../../../../src/lang/c/preprocess';

const lines = (text: string) => preprocess(text).text.split('\n');

describe('C preprocessor', () => {
  it('keeps one output line per input line, so every later line number is the user\'s', () => {
    const source = '#include <stdio.h>\n#define N 3\nint a[N];\n/* a\n   comment */\nint b;\n';
    const out = preprocess(source).text.split('\n');
    assert.equal(out.length, source.split('\n').length);
    assert.equal(out[2].trim(), 'int a[3];');
    assert.equal(out[5], 'int b;');
  });

  it('expands object-like and function-like macros, with nesting and parentheses in arguments', () => {
    const out = lines('#define SQ(x) ((x) * (x))\n#define TWICE(f, v) f(f(v))\nint a = SQ(1 + 2);\nint b = TWICE(SQ, 2);\nint c = SQ((1, 2));\n');
    assert.equal(out[2], 'int a = ((1 + 2) * (1 + 2));');
    assert.equal(out[3], 'int b = ((((2) * (2))) * (((2) * (2))));');
    assert.equal(out[4], 'int c = (((1, 2)) * ((1, 2)));');
  });

  it('does not expand a macro inside itself, in strings or in comments', () => {
    const out = lines('#define loop loop + 1\nint x = loop; char *s = "loop"; // loop\n');
    assert.equal(out[1].trimEnd(), 'int x = loop + 1; char *s = "loop";');
  });

  it('supports # (stringify), ## (paste) and variadic macros', () => {
    const out = lines('#define STR(x) #x\n#define CAT(a, b) a##b\n#define LOG(fmt, ...) printf(fmt, __VA_ARGS__)\nchar *s = STR(a + b);\nint CAT(var, 1) = 2;\nLOG("%d %d", 1, 2);\n');
    assert.equal(out[3], 'char *s = "a + b";');
    assert.equal(out[4], 'int var1 = 2;');
    assert.equal(out[5], 'printf("%d %d", 1, 2);');
  });

  it('evaluates #if, #elif, #else, #ifdef, #ifndef and defined()', () => {
    const out = lines([
      '#define LEVEL 2', '#if LEVEL > 1 && defined(LEVEL)', 'int a;', '#elif LEVEL == 1', 'int b;', '#else', 'int c;', '#endif',
      '#ifdef MISSING', 'int d;', '#endif', '#ifndef MISSING', 'int e;', '#endif', '#if __x86_64__ && __LP64__', 'int f;', '#endif',
    ].join('\n'));
    assert.deepEqual(out.filter((l) => l.trim()), ['int a;', 'int e;', 'int f;']);
  });

  it('brings in what standard headers define, and only those', () => {
    const withHeader = preprocess('#include <stdlib.h>\nvoid *p = NULL; int r = RAND_MAX;\n');
    assert.equal(withHeader.text.split('\n')[1], 'void *p = ((void *)0); int r = 2147483647;');
    assert.equal(withHeader.typedefs.get('size_t'), 'unsigned long');
    assert.deepEqual(withHeader.includes, [{ header: 'stdlib.h', line: 1 }]);
    assert.equal(preprocess('void *p = NULL;\n').text.split('\n')[0], 'void *p = NULL;');
  });

  it('joins continued lines and keeps the line count', () => {
    const out = lines('#define ADD(a, b) \\\n  ((a) + (b))\nint x = ADD(1, 2);\n');
    assert.equal(out.length, 4);
    assert.equal(out[2], 'int x = ((1) + (2));');
  });

  it('reports problems at their line: unknown headers, #error, unterminated #if', () => {
    const result = preprocess('#include "mylist.h"\n#error stop here\n#if 1\nint x;\n');
    const found = result.diagnostics.map((d) => [d.range.startLine, d.message.split(':')[0]]);
    assert.deepEqual(found, [[1, "cannot include 'mylist.h'"], [2, '#error stop here'], [3, 'unterminated #if']]);
    assert.equal(result.diagnostics[0].code, 'unsupported');
  });
  // The expected lines are what `gcc -E -P` (gcc 12) prints for the same input, spacing aside.
  it('#line renumbers __LINE__ and names __FILE__, its operands macro-expanded; diagnostics keep the real line', () => {
    const out = lines('#define L 1000\n#line L\nint a = __LINE__;\nint b = __LINE__;\n#line 7 "other.c"\nchar *f = __FILE__; int c = __LINE__;\n');
    assert.deepEqual([out[2], out[3], out[5]], ['int a = 1000;', 'int b = 1001;', 'char *f = "other.c"; int c = 7;']);
    const bad = preprocess('#line x\n');
    assert.equal(bad.diagnostics[0].range.startLine, 1);
    assert.match(bad.diagnostics[0].message, /#line expects a line number/);
  });

  it('#pragma push_macro saves a definition (or its absence) and pop_macro restores it', () => {
    const out = lines([
      '#define A 1', '#pragma push_macro("A")', '#undef A', '#define A 2', '#pragma push_macro("A")', '#define push_macro x',
      '#undef A', 'int a = A;', '#pragma pop_macro("A")', 'int b = A;', '#pragma pop_macro("A")', 'int c = A;',
      '#pragma push_macro("B")', '#define B 9', '#pragma pop_macro("B")', 'int d = B;',
    ].join('\n'));
    assert.deepEqual(out.filter((l) => l.trim()), ['int a = A;', 'int b = 2;', 'int c = 1;', 'int d = B;']);
  });

  it('rescans an expansion together with the rest of the line: a pasted name followed by ( is a call', () => {
    const out = lines('#define CAT2(a,b) a##b\n#define CAT(a,b) CAT2(a,b)\n#define AB(x) CAT(x,y)\n#define F G\n#define G(v) [v]\nint n = CAT(A,B)(x); int m = F(3);\n');
    assert.equal(out[5], 'int n = xy; int m = [3];');
  });

  it('keeps apart expanded tokens that would lex as one pp-number when written side by side', () => {
    const out = lines('#define T 0x1E\n#define N T+1\n#define E 1e\nint a[N]; int b = E-1; int c = 0x1E+1;\n');
    assert.equal(out[3], 'int a[0x1E +1]; int b = 1e -1; int c = 0x1E+1;');
    // gcc -E: `60 + +3` (c-testsuite 00202), and a source `a+++b` keeps its columns.
    assert.equal(lines('#define Q(A,B) A ## B+\nj = 60 Q(+,)3; k = a+++b;\n')[1], 'j = 60 + +3; k = a+++b;');
  });
});
