import type { MemoryAccess } from '../../../engine/memory/memoryAccess';
import { isspace } from './ctype';
import { x87ExtendedBytes } from './longDouble';
import type { InputCursor } from './inputCursor';
import { strtod, strtof } from './strtod';
import { strtol, strtoul, type ByteReader } from './strtol';

/**
 * The scanf family's engine (scanf, fscanf on stdin, sscanf), following glibc 2.36's
 * __vfscanf_internal (stdio-common/vfscanf-internal.c) for the C locale.
 *
 * - White space in the format matches any amount of white space in the input, including none.
 *   Every conversion except %c, %[ and %n first skips white space in the input.
 * - An ordinary format byte must match the next input byte; a mismatch is a matching failure
 *   (the byte is pushed back) and ends the call.
 * - The result is the number of assignments made (%n and '*' suppressed conversions do not
 *   count), or EOF (-1) when the input ended (an "input failure") before any assignment.
 * - Numbers (%d %i %u %o %x %X %p) are collected by the same rules as strtol (sign, "0x" for
 *   %x/%i, "0" for octal %i), limited by the width, and converted with strtol/strtoul, then
 *   stored with the width the length modifier names (hh h none l ll j z t L); a value out of
 *   range is what C's conversion of the clamped long gives ("99999999999" with %d stores
 *   1215752191). After "0x" with no hex digit the number is 0 and "0x" stays consumed.
 * - Floats (%e %f %g %a, upper case too) are collected greedily, because a stream can only push
 *   one byte back: "100ergs" leaves "rgs" and converts "100e" with strtod, storing 100. %f stores
 *   a float (strtof), %lf a double, %Lf a long double: the simulated long double has a double's
 *   value (so "0.1" is rounded to 53 bits, not glibc's 64), stored in the x87 80-bit layout unless
 *   the interpreter lays it out itself through `storeLongDouble`.
 * - %s stores a word and a NUL; %c stores width (default 1) bytes and no NUL (a short read at the
 *   end of the input still assigns); %[set] / %[^set] as glibc parses sets (']' first is a member,
 *   "a-z" a range when ascending, '-' first or last literal) and requires at least one byte.
 * - %n stores the count of bytes consumed so far; %% matches a '%' after skipping white space.
 * - Format white space at the very end consumes the input's trailing white space.
 *
 * Not supported (a ScanfUnsupported error, never a silent wrong result): positional
 * arguments (%1$d), the 'm' (and GNU 'a') allocation modifier, and wide %lc/%ls/%l[.
 */
export interface ScanTargets {
  /** The next pointer argument (va_arg(ap, void *)). */
  nextPointer(): number;
  /** Stores a long double result; absent: the 10 bytes of the x87 extended layout are written. */
  storeLongDouble?(addr: number, value: number): void;
}

export class ScanfUnsupported extends Error {}

const EOF = -1;

class InputFailure {}
class MatchingFailure {}

/** One-byte push-back over the cursor and the count of bytes consumed (for %n). */
class Stream {
  consumed = 0;
  constructor(private readonly input: InputCursor) {}
  inchar(): number {
    const c = this.input.read();
    if (c !== EOF) this.consumed++;
    return c;
  }
  ungetc(c: number): void {
    if (c === EOF) return;
    this.input.unread();
    this.consumed--;
  }
}

/** A buffer of collected bytes that the strto* functions read as if it were memory. */
function bufferReader(bytes: number[]): ByteReader {
  return { read8: (addr: number) => bytes[addr] ?? 0 };
}

type Length = '' | 'hh' | 'h' | 'l' | 'll' | 'L' | 'j' | 'z' | 't';

interface Directive {
  suppress: boolean;
  width: number; // -1: none
  length: Length;
  conversion: number;
}

export function scanFormatted(input: InputCursor, format: Uint8Array, targets: ScanTargets, memory: MemoryAccess): number {
  const end = format.indexOf(0);
  const fmt = end < 0 ? format : format.subarray(0, end);
  const stream = new Stream(input);
  let done = 0;
  let skipSpace = false;
  let f = 0;
  try {
    while (f < fmt.length) {
      const fc = fmt[f++];
      if (fc !== 0x25) {
        if (isspace(fc)) {
          skipSpace = true;
          continue;
        }
        let c = stream.inchar();
        if (c === EOF) throw new InputFailure();
        if (skipSpace) {
          while (isspace(c)) {
            c = stream.inchar();
            if (c === EOF) throw new InputFailure();
          }
          skipSpace = false;
        }
        if (c !== fc) {
          stream.ungetc(c);
          throw new MatchingFailure();
        }
        continue;
      }
      const d = parseDirective(fmt, f);
      f = d.next;
      const conv = d.directive.conversion;
      if (conv === 0) throw new MatchingFailure();
      if (skipSpace || (conv !== 0x5b && conv !== 0x63 && conv !== 0x43 && conv !== 0x6e)) {
        let c: number;
        do c = stream.inchar();
        while (isspace(c));
        stream.ungetc(c);
        skipSpace = false;
      }
      if (conv === 0x5b) {
        const set = parseScanset(fmt, f);
        f = set.next;
        done += scanSet(stream, d.directive, set.members, set.negated, targets, memory);
      } else {
        done += convert(stream, d.directive, targets, memory);
      }
    }
    if (skipSpace) {
      let c: number;
      do c = stream.inchar();
      while (isspace(c));
      stream.ungetc(c);
    }
  } catch (e) {
    if (e instanceof InputFailure) return done === 0 ? EOF : done;
    if (e instanceof MatchingFailure) return done;
    throw e;
  }
  return done;
}

function parseDirective(fmt: Uint8Array, at: number): { directive: Directive; next: number } {
  let i = at;
  const directive: Directive = { suppress: false, width: -1, length: '', conversion: 0 };
  // "%n$": positional arguments.
  let j = i;
  while (fmt[j] >= 0x30 && fmt[j] <= 0x39) j++;
  if (j > i && fmt[j] === 0x24) throw new ScanfUnsupported('scanf positional arguments (%n$) are not supported');
  for (;;) {
    const b = fmt[i];
    if (b === 0x2a) directive.suppress = true;
    else if (b === 0x27 || b === 0x49) {
      // grouping / locale digits: nothing to do in the C locale
    } else break;
    i++;
  }
  let width = 0;
  while (fmt[i] >= 0x30 && fmt[i] <= 0x39) width = Math.min(0x7fffffff, width * 10 + (fmt[i++] - 0x30));
  directive.width = width === 0 ? -1 : width;
  if (fmt[i] === 0x6d || (fmt[i] === 0x61 && (fmt[i + 1] === 0x73 || fmt[i + 1] === 0x53 || fmt[i + 1] === 0x5b))) {
    throw new ScanfUnsupported("scanf's allocating 'm' modifier is not supported");
  }
  const b = fmt[i];
  if (b === 0x68) directive.length = fmt[i + 1] === 0x68 ? 'hh' : 'h';
  else if (b === 0x6c) directive.length = fmt[i + 1] === 0x6c ? 'll' : 'l';
  else if (b === 0x71 || b === 0x4c) directive.length = b === 0x71 ? 'll' : 'L';
  else if (b === 0x6a) directive.length = 'j';
  else if (b === 0x7a || b === 0x5a) directive.length = 'z';
  else if (b === 0x74) directive.length = 't';
  if (directive.length === 'hh' || (directive.length === 'll' && b === 0x6c)) i += 2;
  else if (directive.length !== '') i += 1;
  directive.conversion = fmt[i] ?? 0;
  return { directive, next: i < fmt.length ? i + 1 : i };
}

/** The bytes a %[ set contains (glibc's flag-map construction). */
function parseScanset(fmt: Uint8Array, at: number): { members: Uint8Array; negated: boolean; next: number } {
  let f = at;
  const members = new Uint8Array(256);
  let negated = false;
  if (fmt[f] === 0x5e) {
    negated = true;
    f++;
  }
  if (fmt[f] === 0x5d || fmt[f] === 0x2d) members[fmt[f++]] = 1;
  let fc: number;
  for (;;) {
    fc = f < fmt.length ? fmt[f++] : 0;
    if (fc === 0 || fc === 0x5d) break;
    const nextByte = f < fmt.length ? fmt[f] : 0;
    if (fc === 0x2d && nextByte !== 0 && nextByte !== 0x5d && fmt[f - 2] <= nextByte) {
      for (let c = fmt[f - 2]; c < nextByte; c++) members[c] = 1;
    } else {
      members[fc] = 1;
    }
  }
  if (fc === 0) throw new MatchingFailure();
  return { members, negated, next: f };
}

function scanSet(stream: Stream, d: Directive, members: Uint8Array, negated: boolean, targets: ScanTargets, memory: MemoryAccess): number {
  if (d.length === 'l') throw new ScanfUnsupported('wide %l[ is not supported');
  const dest = d.suppress ? 0 : targets.nextPointer();
  let width = d.width < 0 ? Infinity : d.width;
  let c = stream.inchar();
  if (c === EOF) throw new InputFailure();
  const start = stream.consumed - 1;
  let out = 0;
  for (;;) {
    if ((members[c] === 1) === negated) {
      stream.ungetc(c);
      break;
    }
    if (!d.suppress) memory.write8(dest + out++, c);
    if (!(--width > 0)) break;
    c = stream.inchar();
    if (c === EOF) break;
  }
  if (stream.consumed === start) throw new MatchingFailure();
  if (d.suppress) return 0;
  memory.write8(dest + out, 0);
  return 1;
}

function convert(stream: Stream, d: Directive, targets: ScanTargets, memory: MemoryAccess): number {
  const conv = String.fromCharCode(d.conversion);
  switch (conv) {
    case '%': {
      const c = stream.inchar();
      if (c === EOF) throw new InputFailure();
      if (c !== 0x25) {
        stream.ungetc(c);
        throw new MatchingFailure();
      }
      return 0;
    }
    case 'n':
      if (!d.suppress) storeInteger(memory, targets.nextPointer(), d.length, BigInt(stream.consumed));
      return 0;
    case 'c':
      return scanChars(stream, d, targets, memory);
    case 's':
      return scanString(stream, d, targets, memory);
    case 'd':
      return scanInteger(stream, d, 10, true, targets, memory);
    case 'i':
      return scanInteger(stream, d, 0, true, targets, memory);
    case 'u':
      return scanInteger(stream, d, 10, false, targets, memory);
    case 'o':
      return scanInteger(stream, d, 8, false, targets, memory);
    case 'x':
    case 'X':
      return scanInteger(stream, d, 16, false, targets, memory);
    case 'p':
      return scanInteger(stream, { ...d, length: 'l' }, 16, false, targets, memory);
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
    case 'a':
    case 'A':
      return scanFloat(stream, d, targets, memory);
    case 'C':
    case 'S':
      throw new ScanfUnsupported(`wide %${conv} is not supported`);
    default:
      throw new MatchingFailure();
  }
}

function scanChars(stream: Stream, d: Directive, targets: ScanTargets, memory: MemoryAccess): number {
  if (d.length === 'l') throw new ScanfUnsupported('wide %lc is not supported');
  let width = d.width < 0 ? 1 : d.width;
  const dest = d.suppress ? 0 : targets.nextPointer();
  let c = stream.inchar();
  if (c === EOF) throw new InputFailure();
  let out = 0;
  for (;;) {
    if (!d.suppress) memory.write8(dest + out++, c);
    if (!(--width > 0)) break;
    c = stream.inchar();
    if (c === EOF) break;
  }
  return d.suppress ? 0 : 1;
}

function scanString(stream: Stream, d: Directive, targets: ScanTargets, memory: MemoryAccess): number {
  if (d.length === 'l') throw new ScanfUnsupported('wide %ls is not supported');
  const dest = d.suppress ? 0 : targets.nextPointer();
  let width = d.width;
  let c = stream.inchar();
  if (c === EOF) throw new InputFailure();
  let out = 0;
  for (;;) {
    if (isspace(c)) {
      stream.ungetc(c);
      break;
    }
    if (!d.suppress) memory.write8(dest + out++, c);
    if (!(width <= 0 || --width > 0)) break;
    c = stream.inchar();
    if (c === EOF) break;
  }
  if (d.suppress) return 0;
  memory.write8(dest + out, 0);
  return 1;
}

function isDigitInBase(c: number, base: number): boolean {
  if (base === 16) return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);
  return c >= 0x30 && c <= 0x39 && c - 0x30 < base;
}

function scanInteger(stream: Stream, d: Directive, base: number, signed: boolean, targets: ScanTargets, memory: MemoryAccess): number {
  const buf: number[] = [];
  let width = d.width;
  let c = stream.inchar();
  if (c === EOF) throw new InputFailure();
  if (c === 0x2d || c === 0x2b) {
    buf.push(c);
    if (width > 0) width--;
    c = stream.inchar();
  }
  if (width !== 0 && c === 0x30) {
    if (width > 0) width--;
    buf.push(c);
    c = stream.inchar();
    if (width !== 0 && (c | 0x20) === 0x78) {
      if (base === 0) base = 16;
      if (base === 16) {
        if (width > 0) width--;
        c = stream.inchar();
      }
    } else if (base === 0) {
      base = 8;
    }
  }
  if (base === 0) base = 10;
  while (c !== EOF && width !== 0) {
    if (!isDigitInBase(c, base)) break;
    buf.push(c);
    if (width > 0) width--;
    c = stream.inchar();
  }
  if (buf.length === 0 || (buf.length === 1 && (buf[0] === 0x2b || buf[0] === 0x2d))) {
    stream.ungetc(c);
    throw new MatchingFailure();
  }
  stream.ungetc(c);
  const reader = bufferReader(buf);
  const r = signed ? strtol(reader, 0, base) : strtoul(reader, 0, base);
  if (r.end === 0) throw new MatchingFailure();
  if (d.suppress) return 0;
  storeInteger(memory, targets.nextPointer(), d.length, r.value);
  return 1;
}

/** The store C's conversion to the target type makes: the low bytes of the value. */
function storeInteger(memory: MemoryAccess, addr: number, length: Length, value: bigint): void {
  switch (length) {
    case 'hh':
      memory.write8(addr, Number(BigInt.asUintN(8, value)));
      return;
    case 'h':
      memory.write16(addr, Number(BigInt.asUintN(16, value)));
      return;
    case '':
      memory.write32(addr, Number(BigInt.asUintN(32, value)));
      return;
    default:
      memory.write64n(addr, BigInt.asUintN(64, value));
  }
}

function lower(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c | 0x20 : c;
}

function isDec(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function scanFloat(stream: Stream, d: Directive, targets: ScanTargets, memory: MemoryAccess): number {
  const buf: number[] = [];
  let width = d.width;
  let c = stream.inchar();
  if (width > 0) width--;
  if (c === EOF) throw new InputFailure();
  let gotSign = 0;
  /** Reads the next byte into c (false at EOF or when the width is used up). */
  const more = (): boolean => {
    if (width === 0) return false;
    c = stream.inchar();
    if (c === EOF) return false;
    if (width > 0) width--;
    return true;
  };
  if (c === 0x2d || c === 0x2b) {
    gotSign = 1;
    buf.push(c);
    if (!more()) throw new MatchingFailure();
  }
  const word = (letters: string): void => {
    for (const letter of letters) {
      buf.push(c);
      if (!more() || lower(c) !== letter.charCodeAt(0)) throw new MatchingFailure();
    }
  };
  if (lower(c) === 0x6e) {
    word('an');
    buf.push(c);
  } else if (lower(c) === 0x69) {
    word('nf');
    buf.push(c);
    if (width !== 0) {
      const w = width;
      c = stream.inchar();
      if (c !== EOF) {
        if (w > 0) width--;
        if (lower(c) === 0x69) {
          word('nity');
          buf.push(c);
        } else {
          stream.ungetc(c);
          if (w > 0) width++;
        }
      }
    }
  } else {
    let expChar = 0x65;
    let gotDigit = false;
    let gotDot = false;
    let gotE = false;
    let hex = false;
    let atEnd = false;
    if (width !== 0 && c === 0x30) {
      buf.push(c);
      if (!more()) atEnd = true;
      else if (width !== 0 && lower(c) === 0x78) {
        buf.push(c);
        hex = true;
        expChar = 0x70;
        if (!more()) atEnd = true;
      } else {
        gotDigit = true;
      }
      if (atEnd && !hex) gotDigit = true;
    }
    while (!atEnd) {
      if (isDec(c)) {
        buf.push(c);
        gotDigit = true;
      } else if (!gotE && hex && ((lower(c) >= 0x61 && lower(c) <= 0x66))) {
        buf.push(c);
        gotDigit = true;
      } else if (gotE && buf[buf.length - 1] === expChar && (c === 0x2d || c === 0x2b)) {
        buf.push(c);
      } else if (gotDigit && !gotE && lower(c) === expChar) {
        buf.push(expChar);
        gotE = gotDot = true;
      } else if (!gotDot && c === 0x2e) {
        buf.push(c);
        gotDot = true;
      } else {
        stream.ungetc(c);
        break;
      }
      if (!more()) break;
    }
    if (buf.length === gotSign || (hex && buf.length === 2 + gotSign)) throw new MatchingFailure();
  }
  const reader = bufferReader(buf);
  const isFloat = d.length === '' || d.length === 'h' || d.length === 'hh';
  const r = isFloat ? strtof(reader, 0) : strtod(reader, 0);
  if (r.end === 0) throw new MatchingFailure();
  if (d.suppress) return 0;
  const addr = targets.nextPointer();
  if (isFloat) memory.writeF32(addr, r.value);
  else if (d.length === 'L' || d.length === 'll') {
    if (targets.storeLongDouble) targets.storeLongDouble(addr, r.value);
    else memory.writeBytes(addr, x87ExtendedBytes(r.value));
  } else memory.writeF64(addr, r.value);
  return 1;
}
