import { strict as assert } from 'node:assert';
import { formatPrintf, PrintfFailure, runPrintf } from '../../../../../src/lang/c/libc/formatPrintf';
import type { PrintfArguments } from '../../../../../src/lang/c/libc/printfArguments';
import { storeSnprintf, storeSprintf } from '../../../../../src/lang/c/libc/sprintf';
import { FlatMemory, FlatMemoryFault } from './flatMemory';

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const text = (b: Uint8Array) => String.fromCharCode(...b);

function args(...values: (bigint | number)[]): PrintfArguments {
  const ints = values.filter((v): v is bigint => typeof v === 'bigint');
  const doubles = values.filter((v): v is number => typeof v === 'number');
  return { nextInt: () => ints.shift() ?? 0n, nextDouble: () => doubles.shift() ?? 0 };
}

describe('printf: memory behaviour and the sprintf family', () => {
  it('%.3s reads at most three bytes of an unterminated array', () => {
    const m = new FlatMemory();
    const end = m.base + m.size;
    const addr = end - 3;
    m.writeBytes(addr, bytes('abc')); // the last three bytes of memory, no NUL
    assert.equal(text(formatPrintf(bytes('[%.3s]'), args(BigInt(addr)), m)), '[abc]');
    assert.throws(() => formatPrintf(bytes('%s'), args(BigInt(addr)), m), (e: unknown) => e instanceof FlatMemoryFault && e.address === end);
  });

  it('reads the string bytes and the NUL, nothing more', () => {
    const m = new FlatMemory();
    const s = m.cString('hi');
    m.logging = true;
    formatPrintf(bytes('%s'), args(BigInt(s)), m);
    assert.deepEqual([...new Set(m.reads)].sort(), [s, s + 1, s + 2]);
    assert.deepEqual(m.writes, []);
  });

  it('%n stores int, char, short and 64-bit counts', () => {
    const m = new FlatMemory();
    const p = m.alloc(8, 0xee);
    formatPrintf(bytes('abcd%hhn'), args(BigInt(p)), m);
    assert.deepEqual([...m.readBytes(p, 8)], [4, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee]);
    formatPrintf(bytes('abcde%ln'), args(BigInt(p)), m);
    assert.equal(m.read64n(p), 5n);
  });

  it('sprintf writes the output and a NUL and returns the count', () => {
    const m = new FlatMemory();
    const buf = m.alloc(32, 0x55);
    const r = runPrintf(bytes('%d-%s'), args(42n, BigInt(m.cString('x'))), m);
    assert.equal(storeSprintf(m, buf, r), 4);
    assert.equal(m.stringAt(buf), '42-x');
    assert.equal(m.read8(buf + 5), 0x55);
  });

  it('snprintf truncates to size-1 bytes plus NUL and returns the full length', () => {
    const m = new FlatMemory();
    const buf = m.alloc(16, 0x55);
    const r = runPrintf(bytes('hello %s'), args(BigInt(m.cString('world'))), m);
    assert.equal(storeSnprintf(m, buf, 6, r), 11);
    assert.equal(m.stringAt(buf), 'hello');
    assert.equal(m.read8(buf + 6), 0x55);
  });

  it('snprintf with size 0 writes nothing (the buffer may be NULL)', () => {
    const m = new FlatMemory();
    m.logging = true;
    const r = runPrintf(bytes('%d'), args(12345n), m);
    assert.equal(storeSnprintf(m, 0, 0, r), 5);
    assert.deepEqual(m.writes, []);
  });

  it('sprintf past the end of the destination faults at the first byte outside it', () => {
    const m = new FlatMemory();
    const end = m.base + m.size;
    const r = runPrintf(bytes('%s'), args(BigInt(m.cString('0123456789'))), m);
    assert.throws(() => storeSprintf(m, end - 4, r), (e: unknown) => e instanceof FlatMemoryFault && e.address === end && e.kind === 'write');
  });

  it('a format that ends inside a specification fails with EINVAL after the text before it', () => {
    const m = new FlatMemory();
    const r = runPrintf(bytes('abc%'), args(), m);
    assert.deepEqual({ result: r.result, errno: r.errno, out: text(r.output) }, { result: -1, errno: 22, out: 'abc' });
    assert.throws(() => formatPrintf(bytes('abc%l'), args(), m), (e: unknown) => e instanceof PrintfFailure && e.errno === 22);
    const buf = m.alloc(8, 0x55);
    assert.equal(storeSnprintf(m, buf, 8, r), -1);
    assert.equal(m.stringAt(buf), 'abc');
  });

  it('uses nextLongDouble for %Lf when the interpreter provides it', () => {
    const m = new FlatMemory();
    const a: PrintfArguments = { nextInt: () => 0n, nextDouble: () => 1, nextLongDouble: () => 2.5 };
    assert.equal(text(formatPrintf(bytes('%f %Lf'), a, m)), '1.000000 2.500000');
  });

  it('stops at the NUL of the format array', () => {
    const m = new FlatMemory();
    assert.equal(text(formatPrintf(bytes('ab\0%d'), args(1n), m)), 'ab');
  });
});
