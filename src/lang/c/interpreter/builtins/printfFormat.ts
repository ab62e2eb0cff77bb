import { type Int64, toI64, toU64, lowI32 } from '../values/int64';
import type { Value, ValueKind } from '../values/valueKind';
import type { VmMemory } from '../vm/vmMemory';
import { fixed, general, hexFloat, scientific } from './formatFloat';

/**
 * printf's format engine (C11 7.21.6.1, with glibc's choices: "(null)" for a NULL %s, "(nil)"
 * for a NULL %p, "-nan"/"inf" spellings). Arguments are fetched on demand the way va_arg does
 * on x86-64: integer conversions take the next general-purpose argument, floating ones the next
 * SSE argument, each from its registers and then from the stack, so a mismatched argument reads
 * what the real call would read.
 *
 * TODO(libc): switch to src/lang/c/libc's printf formatting once it is committed.
 */
export class VarArgs {
  private readonly gp: Value[] = [];
  private readonly sse: Value[] = [];
  private readonly stack: Value[] = [];
  private gpLeft: number;
  private sseLeft: number;
  private gi = 0;
  private si = 0;
  private ki = 0;

  constructor(args: readonly Value[], kinds: readonly ValueKind[], from: number) {
    let gpUsed = 0;
    let sseUsed = 0;
    for (let i = 0; i < from; i++) (kinds[i] === 'f64' || kinds[i] === 'f32' ? sseUsed++ : gpUsed++);
    this.gpLeft = 6 - gpUsed;
    this.sseLeft = 8 - sseUsed;
    let g = gpUsed;
    let s = sseUsed;
    for (let i = from; i < args.length; i++) {
      const isSse = kinds[i] === 'f64' || kinds[i] === 'f32';
      if (isSse && s < 8) { this.sse.push(args[i]); s++; }
      else if (!isSse && kinds[i] !== 'record' && g < 6) { this.gp.push(args[i]); g++; }
      else this.stack.push(args[i]);
    }
  }

  /** va_arg(ap, long): the 64 bits of the next integer-class argument. */
  nextInteger(): Int64 {
    if (this.gpLeft > 0) {
      this.gpLeft--;
      const v = this.gp[this.gi++];
      return v === undefined ? 0 : (v as Int64);
    }
    return (this.stack[this.ki++] as Int64) ?? 0;
  }

  nextDouble(): number {
    if (this.sseLeft > 0) {
      this.sseLeft--;
      const v = this.sse[this.si++];
      return v === undefined ? 0 : Number(v);
    }
    const v = this.stack[this.ki++];
    return typeof v === 'number' ? v : 0;
  }
}

const enc = (s: string): number[] => Array.from(new TextEncoder().encode(s));

interface Spec {
  left: boolean;
  plus: boolean;
  space: boolean;
  zero: boolean;
  alternate: boolean;
  width: number;
  precision?: number;
  length: '' | 'hh' | 'h' | 'l' | 'll' | 'z' | 'j' | 't' | 'L';
}

/** Formats `format` (bytes) with arguments from `args`; %n stores through `mem`. */
export function formatPrintf(mem: VmMemory, format: Uint8Array, args: VarArgs): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < format.length) {
    const c = format[i];
    if (c !== 0x25 /* % */) {
      out.push(c);
      i++;
      continue;
    }
    i++;
    const spec: Spec = { left: false, plus: false, space: false, zero: false, alternate: false, width: 0, length: '' };
    for (;;) {
      const f = String.fromCharCode(format[i]);
      if (f === '-') spec.left = true;
      else if (f === '+') spec.plus = true;
      else if (f === ' ') spec.space = true;
      else if (f === '0') spec.zero = true;
      else if (f === '#') spec.alternate = true;
      else break;
      i++;
    }
    if (format[i] === 0x2a /* * */) {
      const w = lowI32(args.nextInteger());
      if (w < 0) { spec.left = true; spec.width = -w; } else spec.width = w;
      i++;
    } else {
      while (format[i] >= 0x30 && format[i] <= 0x39) spec.width = spec.width * 10 + format[i++] - 0x30;
    }
    if (format[i] === 0x2e /* . */) {
      i++;
      if (format[i] === 0x2a) {
        const p = lowI32(args.nextInteger());
        spec.precision = p < 0 ? undefined : p;
        i++;
      } else {
        let p = 0;
        while (format[i] >= 0x30 && format[i] <= 0x39) p = p * 10 + format[i++] - 0x30;
        spec.precision = p;
      }
    }
    const rest = String.fromCharCode(...format.subarray(i, i + 2));
    if (rest.startsWith('hh') || rest.startsWith('ll')) { spec.length = rest.startsWith('hh') ? 'hh' : 'll'; i += 2; }
    else if (/^[hlzjtLq]/.test(rest)) { spec.length = (rest[0] === 'q' ? 'll' : rest[0]) as Spec['length']; i++; }
    const conv = String.fromCharCode(format[i] ?? 0);
    i++;
    out.push(...convert(mem, conv, spec, args, out.length));
  }
  return out;
}

function convert(mem: VmMemory, conv: string, spec: Spec, args: VarArgs, written: number): number[] {
  switch (conv) {
    case 'd':
    case 'i': {
      const v = signedValue(args.nextInteger(), spec.length);
      const negative = v < 0;
      const digits = integerDigits(negative ? -BigInt(v) : BigInt(v), 10, spec.precision);
      return pad(spec, negative ? '-' : spec.plus ? '+' : spec.space ? ' ' : '', digits, true);
    }
    case 'u':
    case 'o':
    case 'x':
    case 'X': {
      const v = BigInt(unsignedValue(args.nextInteger(), spec.length));
      const radix = conv === 'u' ? 10 : conv === 'o' ? 8 : 16;
      let digits = integerDigits(v, radix, spec.precision);
      if (conv === 'X') digits = digits.toUpperCase();
      let prefix = '';
      if (spec.alternate && conv === 'o' && !digits.startsWith('0')) digits = '0' + digits;
      if (spec.alternate && (conv === 'x' || conv === 'X') && v !== 0n) prefix = conv === 'x' ? '0x' : '0X';
      return pad(spec, prefix, digits, true);
    }
    case 'c': {
      const byte = lowI32(args.nextInteger()) & 255;
      return padBytes(spec, [byte]);
    }
    case 's': {
      const p = args.nextInteger();
      if (p === 0) {
        // glibc prints "(null)" unless a precision too small for it is given.
        return padBytes(spec, spec.precision !== undefined && spec.precision < 6 ? [] : enc('(null)'));
      }
      const bytes = mem.readCString(mem.address(p, 'read'), spec.precision ?? Infinity);
      return padBytes(spec, Array.from(bytes));
    }
    case 'p': {
      const p = BigInt(toU64(args.nextInteger()));
      if (p === 0n) return pad({ ...spec, zero: false, precision: undefined }, '', '(nil)', false);
      return pad(spec, '0x', integerDigits(p, 16, spec.precision), true);
    }
    case 'f':
    case 'F':
    case 'e':
    case 'E':
    case 'g':
    case 'G':
    case 'a':
    case 'A':
      return floating(conv, spec, args.nextDouble());
    case 'n': {
      const p = args.nextInteger();
      const addr = mem.address(p, 'write');
      if (spec.length === 'hh') mem.write8(addr, written & 255);
      else if (spec.length === 'h') mem.write16(addr, written & 0xffff);
      else if (spec.length === 'l' || spec.length === 'll' || spec.length === 'z' || spec.length === 'j' || spec.length === 't') mem.writeI64(addr, written);
      else mem.write32(addr, written);
      return [];
    }
    case '%':
      return [0x25];
    default:
      // glibc prints an unknown conversion as written.
      return enc('%' + conv);
  }
}

function signedValue(v: Int64, length: Spec['length']): number | bigint {
  switch (length) {
    case 'hh': return (lowI32(v) << 24) >> 24;
    case 'h': return (lowI32(v) << 16) >> 16;
    case '': return lowI32(v);
    default: return toI64(v);
  }
}

function unsignedValue(v: Int64, length: Spec['length']): number | bigint {
  switch (length) {
    case 'hh': return lowI32(v) & 255;
    case 'h': return lowI32(v) & 0xffff;
    case '': return lowI32(v) >>> 0;
    default: return toU64(v);
  }
}

/** Digits with a minimum count of `precision`; a zero value with precision 0 prints nothing. */
function integerDigits(v: bigint, radix: number, precision: number | undefined): string {
  if (precision === 0 && v === 0n) return '';
  return v.toString(radix).padStart(precision ?? 1, '0');
}

/** Width padding: spaces left or right, or zeros after the sign (`0` is ignored with a precision for integers). */
function pad(spec: Spec, sign: string, body: string, numeric: boolean, zeroAllowed = spec.precision === undefined): number[] {
  const length = sign.length + body.length;
  if (length >= spec.width) return enc(sign + body);
  const fill = spec.width - length;
  if (spec.left) return enc(sign + body + ' '.repeat(fill));
  if (spec.zero && numeric && zeroAllowed) return enc(sign + '0'.repeat(fill) + body);
  return enc(' '.repeat(fill) + sign + body);
}

function padBytes(spec: Spec, bytes: number[]): number[] {
  if (bytes.length >= spec.width) return bytes;
  const fill = new Array<number>(spec.width - bytes.length).fill(0x20);
  return spec.left ? [...bytes, ...fill] : [...fill, ...bytes];
}

function floating(conv: string, spec: Spec, x: number): number[] {
  const upper = conv === 'F' || conv === 'E' || conv === 'G' || conv === 'A';
  const negative = x < 0 || Object.is(x, -0);
  const sign = negative ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
  const magnitude = Math.abs(x);
  if (!Number.isFinite(magnitude)) {
    const text = Number.isNaN(x) ? 'nan' : 'inf';
    return pad({ ...spec, zero: false }, sign, upper ? text.toUpperCase() : text, false);
  }
  const precision = spec.precision ?? 6;
  let body: string;
  switch (conv) {
    case 'f': case 'F': body = fixed(magnitude, precision, spec.alternate); break;
    case 'e': case 'E': body = scientific(magnitude, precision, spec.alternate, upper); break;
    case 'g': case 'G': body = general(magnitude, precision, spec.alternate, upper); break;
    default: body = hexFloat(magnitude, spec.precision, upper);
  }
  return pad(spec, sign, body, true, true);
}
