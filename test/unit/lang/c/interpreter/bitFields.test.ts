import * as assert from 'node:assert/strict';
import { errorsOf, returns, runC, startC } from './runC';

/**
 * Bit-fields (C11 6.7.2.1) as gcc implements them on x86-64: packed from the low bit, stored and
 * read through the bytes that hold them, signed fields sign-extended, narrow fields promoted to
 * int. Expected values are gcc 12's (the corpus program bitfield_layout.c runs the layout checks
 * against a live gcc).
 */
describe('C interpreter: bit-fields', () => {
  const FLAGS = 'struct flags { unsigned ready : 1, mode : 3; int delta : 4; unsigned long long big : 40; };';

  it('a store keeps only the field\'s bits and leaves its neighbours alone', async () => {
    await returns(0x1d, 'struct flags f; memset(&f, 0, sizeof f); f.ready = 1; f.mode = 6; f.delta = 1; unsigned char b[4]; memcpy(b, &f, 4); return b[0];', FLAGS);
    await returns(5, 'struct flags f = { 1, 7, -1, 0 }; f.mode = 13; return f.mode;', FLAGS);
    await returns(1, 'struct flags f = { 1, 7, -1, 0 }; f.mode = 0; return f.ready == 1 && f.delta == -1;', FLAGS);
  });

  it('signed fields sign-extend; overflowing one wraps as gcc defines it', async () => {
    await returns(1, 'struct flags f = { 0 }; f.delta = 7; f.delta++; return f.delta == -8;', FLAGS);
    await returns(1, 'struct flags f = { 0 }; f.delta = -3; return f.delta * 2 == -6;', FLAGS);
  });

  it('the value of an assignment to a field is what the field then holds', async () => {
    await returns(5, 'struct flags f = { 0 }; int v = 13; return (f.mode = v);', FLAGS);
    await returns(1, 'struct flags f = { 0 }; f.mode = 7; return ++f.mode == 0 && f.mode-- == 0 && f.mode == 7;', FLAGS);
  });

  it('fields narrower than int promote to int, even of unsigned or long type', async () => {
    await returns(1, 'struct flags f = { 0 }; return f.mode - 1 < 0;', FLAGS);
    await returns(4, 'struct { unsigned long x : 3; } s = { 1 }; return sizeof(s.x + 0);');
    await returns(8, 'struct { unsigned long x : 33; } s = { 1 }; return sizeof(s.x + 0);');
    await returns(1, 'struct { unsigned x : 32; } s = { 0 }; return s.x - 1 > 0;');
  });

  it('fields wider than 32 bits keep 64-bit values exactly', async () => {
    await returns(1, 'struct flags f = { 0 }; f.big = 0xFFFFFFFFFFULL; f.big += 2; return f.big == 1 && f.delta == 0;', FLAGS);
    await returns(1, 'struct { long long v : 40; } s = { -2 }; return s.v == -2 && s.v + 1 == -1;');
  });

  it('initializers: positional, designated, static and from a returned struct', async () => {
    await returns(1, 'struct flags f = { .delta = -2, .mode = 3 }; return f.ready == 0 && f.mode == 3 && f.delta == -2;', FLAGS);
    await returns(1, 'return g.ready == 1 && g.mode == 6 && g.delta == -5 && g.big == 1099511627775ULL;', `${FLAGS}\nstatic struct flags g = { 1, 6, -5, 0xFFFFFFFFFFULL };`);
    await returns(1, 'return make().delta == -4;', `${FLAGS}\nstruct flags make(void) { struct flags f = { .delta = -4 }; return f; }`);
    await returns(1, 'struct { char a; int : 4; char b; } s = { 1, 2 }; return s.a == 1 && s.b == 2;');
  });

  it('the views show each field\'s value', async () => {
    const s = await startC(`${FLAGS}\nint main(void) {\n  struct flags f = { 1, 5, -3, 1 };\n  return f.mode;\n}\n`);
    s.stepIn();
    const f = s.snapshot().frames[0].slots.find((x) => x.name === 'f')!;
    assert.equal(f.value, '{ready = 1, mode = 5, delta = -3, big = 1}');
  });

  it('invalid bit-fields are errors in gcc\'s words', async () => {
    assert.deepEqual(await errorsOf('struct s { int x : 33; };\nint main(void) { return 0; }\n'), ["width of 'x' exceeds its type"]);
    assert.deepEqual(await errorsOf('struct s { _Bool b : 2; };\nint main(void) { return 0; }\n'), ["width of 'b' exceeds its type"]);
    assert.deepEqual(await errorsOf('struct s { int x : 0; };\nint main(void) { return 0; }\n'), ["zero width for bit-field 'x'"]);
    assert.deepEqual(await errorsOf('struct s { double d : 3; };\nint main(void) { return 0; }\n'), ["bit-field 'd' has invalid type"]);
    assert.deepEqual(await errorsOf('struct s { int x : 3; } v;\nint main(void) { int *p = &v.x; return sizeof v.x; }\n'),
      ["cannot take address of bit-field 'x'", "'sizeof' applied to a bit-field"]);
  });
  it('a bit-field of enum type holds the enum\'s gcc underlying type: unsigned unless an enumerator is negative', async () => {
    // gcc 12 prints "149 -56 1 148 4" for these fields (printf of v.b, v.n, v.b == HIGH, v.c, sizeof v).
    const decls = 'enum big { LOW = 148, HIGH }; enum neg { MINUS = -1, PLUS = 100 };\nstruct s { enum big b : 8; enum neg n : 8; const enum big c : 8; };';
    await returns(149, 'struct s v = { HIGH, PLUS, LOW }; return v.b;', decls);
    await returns(1, 'struct s v = { HIGH, PLUS, LOW }; v.n = 200; return v.n == -56 && v.b == HIGH && v.c == 148 && sizeof v == 4;', decls);
  });
});
