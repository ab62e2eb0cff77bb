import * as assert from 'node:assert/strict';
import { analyzeSource } from '../../cProgram';
import { imageSnapshot } from '../../../../src/engine/image/imageSnapshot';
import { buildProcessImage } from '../../../../src/engine/image/processImage';

/** sizeof / _Alignof / offsets as gcc computes them on x86-64 (LP64), read through the front end. */
async function symbolsOf(source: string) {
  const analyzed = await analyzeSource(source);
  assert.deepEqual(analyzed.diagnostics.filter((d) => d.severity === 'error'), []);
  return imageSnapshot(buildProcessImage(analyzed.program), 'test.c', analyzed.diagnostics).symbols;
}

async function sizeOfGlobal(declaration: string, name = 'x'): Promise<number> {
  const symbols = await symbolsOf(`#include <stddef.h>\n#include <stdint.h>\n${declaration}\n`);
  const symbol = symbols.find((s) => s.name === name);
  assert.ok(symbol, `${name} not found`);
  return symbol.size;
}

describe('C types on x86-64 (LP64)', () => {
  const scalars: [string, number][] = [
    ['char x;', 1], ['signed char x;', 1], ['unsigned char x;', 1], ['_Bool x;', 1], ['short x;', 2],
    ['unsigned short int x;', 2], ['int x;', 4], ['unsigned x;', 4], ['long x;', 8], ['unsigned long x;', 8],
    ['long long x;', 8], ['unsigned long long int x;', 8], ['float x;', 4], ['double x;', 8], ['long double x;', 16],
    ['void *x;', 8], ['char **x;', 8], ['int (*x)(int);', 8], ['size_t x;', 8], ['ptrdiff_t x;', 8], ['uint8_t x;', 1],
    ['int16_t x;', 2], ['uint32_t x;', 4], ['int64_t x;', 8], ['intptr_t x;', 8], ['enum e { A, B } x;', 4],
  ];
  for (const [declaration, size] of scalars) {
    it(`sizeof: ${declaration.replace(' x;', '')} is ${size}`, async () => {
      assert.equal(await sizeOfGlobal(declaration), size);
    });
  }

  it('pads a struct to its strictest member and rounds its size up (char, double, short = 24)', async () => {
    assert.equal(await sizeOfGlobal('struct r { char c; double d; short s; } x;'), 24);
    assert.equal(await sizeOfGlobal('struct q { char a; char b; int i; } x;'), 8);
    assert.equal(await sizeOfGlobal('struct p { int i; char c; } x;'), 8);
    assert.equal(await sizeOfGlobal('struct o { char c[3]; } x;'), 3);
    assert.equal(await sizeOfGlobal('struct n { long double ld; char c; } x;'), 32);
  });

  it('makes a union as large as its largest member, rounded to its alignment', async () => {
    assert.equal(await sizeOfGlobal('union u { int i; double d; char b[12]; } x;'), 16);
    assert.equal(await sizeOfGlobal('union v { char b[5]; short s; } x;'), 6);
  });

  it('sizes arrays, multi-dimensional arrays and arrays completed by their initializer', async () => {
    assert.equal(await sizeOfGlobal('int x[3][4];'), 48);
    assert.equal(await sizeOfGlobal('int x[] = { 1, 2, 3 };'), 12);
    assert.equal(await sizeOfGlobal('char x[] = "hello";'), 6);
    assert.equal(await sizeOfGlobal('char x[] = "a" "bc";'), 4);
    assert.equal(await sizeOfGlobal('int x[] = { [7] = 1 };'), 32);
    assert.equal(await sizeOfGlobal('struct s { int a, b; } x[] = { {1, 2}, {3, 4} };'), 16);
  });

  it('evaluates constant expressions in array sizes: sizeof, enums, macros, offsetof, casts', async () => {
    assert.equal(await sizeOfGlobal('#define N (4 * 2)\nint x[N];'), 32);
    assert.equal(await sizeOfGlobal('enum { LEN = 5 };\nchar x[LEN + 1];'), 6);
    assert.equal(await sizeOfGlobal('struct p { char c; double d; };\nchar x[sizeof(struct p)];'), 16);
    assert.equal(await sizeOfGlobal('struct p { char c; double d; };\nchar x[offsetof(struct p, d)];'), 8);
    assert.equal(await sizeOfGlobal('char x[(unsigned char)300];'), 44);
    assert.equal(await sizeOfGlobal('char x[1 ? 2 : 3];'), 2);
  });

  it('resolves typedefs, self-referential structs and pointers to structs', async () => {
    const symbols = await symbolsOf('typedef struct node { int v; struct node *next; } node_t;\nnode_t head;\nnode_t *tail;');
    assert.equal(symbols.find((s) => s.name === 'head')?.size, 16);
    assert.equal(symbols.find((s) => s.name === 'head')?.type, 'node_t');
    assert.equal(symbols.find((s) => s.name === 'tail')?.type, 'node_t *');
  });

  it('writes types the way a C programmer does', async () => {
    const symbols = await symbolsOf('int (*fp)(int, char **);\nconst char *const names[2] = { "a", "b" };\nint grid[2][3];\nunsigned long n;\nint *ptrs[4];\nint (*rows)[3];');
    const type = (n: string) => symbols.find((s) => s.name === n)?.type;
    assert.equal(type('fp'), 'int (*)(int, char **)');
    assert.equal(type('names'), 'const char *const [2]');
    assert.equal(type('grid'), 'int [2][3]');
    assert.equal(type('n'), 'unsigned long');
    assert.equal(type('ptrs'), 'int *[4]');
    assert.equal(type('rows'), 'int (*)[3]');
  });
});

describe('C front-end diagnostics', () => {
  it('names an unsupported construct instead of guessing (a variable-length array in a struct)', async () => {
    const analyzed = await analyzeSource('void f(int n) {\n  struct flags { int m[n]; } f;\n}\n');
    const messages = analyzed.diagnostics.map((d) => `${d.range.startLine}:${d.code}:${d.message}`);
    assert.ok(messages.some((m) => m.startsWith('2:unsupported:') && m.includes('variable-length array in a struct')), messages.join('\n'));
  });

  it('lays out bit-fields as gcc does: struct sizes of globals with bit-fields', async () => {
    // Sizes from gcc 12 on x86-64 (the corpus program bitfield_layout.c checks them against a live gcc run).
    assert.equal(await sizeOfGlobal('struct s { short a : 9; short b : 9; } x;'), 4);
    assert.equal(await sizeOfGlobal('struct s { char a; int : 0; char b; } x;'), 5);
    assert.equal(await sizeOfGlobal('struct s { char a; long : 0; char b; } x;'), 9);
    assert.equal(await sizeOfGlobal('struct s { char a; int : 4; char b; } x;'), 3);
    assert.equal(await sizeOfGlobal('struct s { char a; long x : 4; } x;'), 8);
    assert.equal(await sizeOfGlobal('struct s { int a : 1; char c; int : 0; } x;'), 4);
    assert.equal(await sizeOfGlobal('union u { int a : 3; long b : 40; char c; } x;'), 8);
  });

  it('reports an unknown type with a hint about the header', async () => {
    const analyzed = await analyzeSource('size_t n;\n');
    assert.equal(analyzed.diagnostics[0].code, 'unknown-type');
    assert.match(analyzed.diagnostics[0].message, /unknown type name 'size_t'.*stddef\.h/);
    assert.deepEqual([analyzed.diagnostics[0].range.startLine, analyzed.diagnostics[0].range.startColumn], [1, 1]);
  });

  it('reports a missing semicolon on the line where it is missing', async () => {
    const analyzed = await analyzeSource('int main(void) {\n    int x = 3\n    return x;\n}\n');
    const error = analyzed.diagnostics.find((d) => d.severity === 'error');
    assert.ok(error);
    assert.equal(error.range.startLine, 2);
    assert.match(error.message, /expected ';'/);
  });

  it('reports a non-constant static initializer', async () => {
    const analyzed = await analyzeSource('int a = 1;\nint b = a + 1;\n');
    assert.equal(analyzed.diagnostics[0].code, 'not-constant');
    assert.equal(analyzed.diagnostics[0].range.startLine, 2);
  });

  it('still lays out what it understood in a file with errors', async () => {
    const analyzed = await analyzeSource('int kept = 5;\nint main(void) { return 0 }\n');
    assert.ok(analyzed.diagnostics.some((d) => d.severity === 'error'));
    assert.ok(analyzed.program.objects.some((o) => o.name === 'kept' && o.section === 'data'));
  });

  it('warns that a file without main cannot run', async () => {
    const analyzed = await analyzeSource('int lonely = 1;\n');
    assert.deepEqual(analyzed.diagnostics.map((d) => [d.severity, d.code]), [['warning', 'no-main']]);
  });
});
