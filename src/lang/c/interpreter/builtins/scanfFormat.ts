import { wrapI64, wrapU64 } from '../values/int64';
import type { Machine } from '../vm/machine';
import type { VarArgs } from './varArgs';
import { readStdin } from './stdio';

/**
 * scanf from stdin for the conversions teaching programs use (C11 7.21.6.2): %d %i %u %x %o
 * with hh/h/l/ll/z, %f %e %g with l, %c, %s, %[...] sets, %n, %%, whitespace and literal
 * characters. Returns the number of assignments, or EOF when input ends before the first one.
 *
 * TODO(libc): switch to src/lang/c/libc's scanf once it is committed.
 */
export function scanFormatted(vm: Machine, format: Uint8Array, args: VarArgs): number {
  const mem = vm.mem;
  let assigned = 0;
  let consumed = 0;
  let inputFailure = false;
  const peek = () => readStdin(vm, false);
  const next = () => {
    const c = readStdin(vm);
    if (c >= 0) consumed++;
    return c;
  };
  const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);
  const skipSpace = () => { while (isSpace(peek())) next(); };

  let i = 0;
  outer: while (i < format.length) {
    const f = format[i];
    if (isSpace(f)) { skipSpace(); i++; continue; }
    if (f !== 0x25) {
      if (peek() === f) { next(); i++; continue; }
      if (peek() < 0) inputFailure = true;
      break;
    }
    i++;
    let suppress = false;
    if (format[i] === 0x2a) { suppress = true; i++; }
    let width = 0;
    while (format[i] >= 0x30 && format[i] <= 0x39) width = width * 10 + format[i++] - 0x30;
    let length = '';
    while ('hlLqjzt'.includes(String.fromCharCode(format[i]))) length += String.fromCharCode(format[i++]);
    const conv = String.fromCharCode(format[i++]);
    const limit = width || Infinity;
    if (conv === '%') {
      skipSpace();
      if (peek() !== 0x25) break;
      next();
      continue;
    }
    if (conv === 'n') {
      if (!suppress) mem.write32(mem.address(args.nextInteger(), 'write'), consumed);
      continue;
    }
    if (conv !== 'c' && conv !== '[') skipSpace();
    if (peek() < 0) { inputFailure = true; break; }
    let text = '';
    switch (conv) {
      case 'd': case 'i': case 'u': case 'x': case 'X': case 'o': {
        const radix = conv === 'x' || conv === 'X' ? 16 : conv === 'o' ? 8 : conv === 'i' ? 0 : 10;
        if ((peek() === 0x2b || peek() === 0x2d) && text.length < limit) text += String.fromCharCode(next());
        let r = radix;
        if ((r === 0 || r === 16) && peek() === 0x30 && text.length < limit) {
          text += String.fromCharCode(next());
          if ((peek() === 0x78 || peek() === 0x58) && text.length < limit) { text += String.fromCharCode(next()); r = 16; }
          else if (r === 0) r = 8;
        }
        if (r === 0) r = 10;
        const digitOk = (c: number) => { const d = parseInt(String.fromCharCode(c), r); return !Number.isNaN(d); };
        while (text.length < limit && peek() >= 0 && digitOk(peek())) text += String.fromCharCode(next());
        const body = text.replace(/^[+-]/, '').replace(/^0[xX]/, '');
        if (!body && !/0$/.test(text)) break outer;
        let value = BigInt(0);
        for (const ch of body) value = value * BigInt(r) + BigInt(parseInt(ch, r));
        if (text.startsWith('-')) value = -value;
        if (!suppress) {
          const p = mem.address(args.nextInteger(), 'write');
          if (length === 'hh') mem.write8(p, Number(BigInt.asUintN(8, value)));
          else if (length === 'h') mem.write16(p, Number(BigInt.asUintN(16, value)));
          else if (length.startsWith('l') || length === 'z' || length === 'j' || length === 'q') mem.writeI64(p, conv === 'd' || conv === 'i' ? wrapI64(value) : wrapU64(value));
          else mem.write32(p, Number(BigInt.asUintN(32, value)));
          assigned++;
        }
        break;
      }
      case 'f': case 'e': case 'g': case 'E': case 'G': case 'a': {
        while (text.length < limit && peek() >= 0 && /[0-9eE.+\-xXpPa-fA-FinftyINFTYnN]/.test(String.fromCharCode(peek()))) {
          const candidate = text + String.fromCharCode(peek());
          if (!/^[+-]?(\d*\.?\d*([eE][+-]?\d*)?|inf(inity)?|nan)$/i.test(candidate)) break;
          text = candidate;
          next();
        }
        const value = Number(text.replace(/^([+-]?)inf.*/i, '$1Infinity'));
        if (!/\d|inf|nan/i.test(text)) break outer;
        if (!suppress) {
          const p = mem.address(args.nextInteger(), 'write');
          if (length === 'l' || length === 'L') mem.writeF64(p, value);
          else mem.writeF32(p, value);
          assigned++;
        }
        break;
      }
      case 'c': {
        const n = width || 1;
        const bytes: number[] = [];
        while (bytes.length < n && peek() >= 0) bytes.push(next());
        if (bytes.length === 0) break outer;
        if (!suppress) {
          mem.writeBytes(mem.address(args.nextInteger(), 'write'), Uint8Array.from(bytes));
          assigned++;
        }
        break;
      }
      case 's': {
        const bytes: number[] = [];
        while (bytes.length < limit && peek() >= 0 && !isSpace(peek())) bytes.push(next());
        if (!suppress) {
          mem.writeBytes(mem.address(args.nextInteger(), 'write'), Uint8Array.from([...bytes, 0]));
          assigned++;
        }
        break;
      }
      case '[': {
        let negate = false;
        if (format[i] === 0x5e) { negate = true; i++; }
        const set = new Set<number>();
        if (format[i] === 0x5d) set.add(format[i++]);
        while (i < format.length && format[i] !== 0x5d) {
          if (format[i + 1] === 0x2d && format[i + 2] !== 0x5d && i + 2 < format.length) {
            for (let c = format[i]; c <= format[i + 2]; c++) set.add(c);
            i += 3;
          } else set.add(format[i++]);
        }
        i++;
        const bytes: number[] = [];
        while (bytes.length < limit && peek() >= 0 && set.has(peek()) !== negate) bytes.push(next());
        if (bytes.length === 0) break outer;
        if (!suppress) {
          mem.writeBytes(mem.address(args.nextInteger(), 'write'), Uint8Array.from([...bytes, 0]));
          assigned++;
        }
        break;
      }
      default:
        break outer;
    }
  }
  return inputFailure && assigned === 0 ? -1 : assigned;
}
