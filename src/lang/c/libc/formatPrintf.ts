import type { MemoryAccess } from '../../../engine/memory/memoryAccess';
import { strnlenAt } from './cString';
import { EILSEQ, EINVAL, EOVERFLOW } from './errno';
import { formatFloat } from './floatConversion';
import { formatHexFloat } from './hexFloatConversion';
import { formatInteger } from './integerConversion';
import type { PrintfArguments } from './printfArguments';
import { padNumber } from './printfPadding';
import { parsePrintfSpec, type PrintfSpec } from './printfSpec';
import { strerrorText } from './strerror';

/**
 * The printf engine shared by printf, fprintf, sprintf, snprintf and their v-variants: the
 * output bytes and what glibc's __vfprintf_internal returns (the byte count, or -1 with errno).
 *
 * Arguments are pulled one at a time, as va_arg does, in format order: a '*' width, then a '*'
 * precision, then the value. A format with positional references (%2$d) is handled as glibc's
 * printf_positional does: every argument's type is determined from the whole format first, then
 * all are fetched in argument order, then the output is produced.
 *
 * %n stores the count of bytes produced so far through the pointer argument (int; hh: char;
 * h: short; l/ll/j/z/t/L: 64 bits). Memory is only touched by %s/%ls (reading the string) and
 * %n (the store), so faults happen where they would in glibc.
 */
export interface PrintfResult {
  /** The bytes produced (for a failed call: those produced before the failure). */
  readonly output: Uint8Array;
  /** printf's return value: output.length, or -1. */
  readonly result: number;
  /** errno when result is -1: EINVAL (format ends inside a specification), EILSEQ (%lc/%ls of a non-ASCII character in the C locale). */
  readonly errno?: number;
}

/** A formatting failure glibc reports as -1; `output` holds the bytes written before it. */
export class PrintfFailure extends Error {
  constructor(
    readonly errno: number,
    readonly output: Uint8Array,
  ) {
    super(`printf failed with errno ${errno}`);
  }
}

/** The output of a printf call; throws PrintfFailure where glibc returns -1. */
export function formatPrintf(format: Uint8Array, args: PrintfArguments, memory: MemoryAccess): Uint8Array {
  const r = runPrintf(format, args, memory);
  if (r.result < 0) throw new PrintfFailure(r.errno ?? EINVAL, r.output);
  return r.output;
}

/**
 * A format parsed once, for a caller that runs the same format many times (printf of a string
 * literal in a loop). Its bytes must not change afterwards.
 */
export interface PrintfFormat {
  /** The format up to its NUL. */
  readonly fmt: Uint8Array;
  readonly pieces: readonly Piece[];
  /** Some conversion uses "n$" (glibc's printf_positional then reads all arguments first). */
  readonly positional: boolean;
}

export function parsePrintfFormat(format: Uint8Array): PrintfFormat {
  const end = format.indexOf(0);
  const fmt = end < 0 ? format : format.subarray(0, end);
  const pieces = parseFormat(fmt);
  return { fmt, pieces, positional: pieces.some((p) => typeof p !== 'number' && usesPositions(p)) };
}

/** The output and return value of a printf call. */
export function runPrintf(format: Uint8Array | PrintfFormat, args: PrintfArguments, memory: MemoryAccess): PrintfResult {
  const { fmt, pieces, positional } = format instanceof Uint8Array ? parsePrintfFormat(format) : format;
  const out = new ByteSink();
  const source = positional ? positionalSource(pieces, args) : new SequentialSource(args);
  try {
    for (const piece of pieces) {
      if (typeof piece === 'number') out.byte(piece);
      else convert(piece, source, out, memory, fmt);
    }
  } catch (e) {
    if (e instanceof ConversionError) return { output: out.bytes(), result: -1, errno: e.errno };
    throw e;
  }
  // glibc counts in an int: more than INT_MAX bytes is EOVERFLOW (and -1).
  if (out.length > 0x7fffffff) return { output: out.bytes(), result: -1, errno: EOVERFLOW };
  return { output: out.bytes(), result: out.length };
}

/** A literal byte, or a conversion specification. */
type Piece = number | PrintfSpec;

function parseFormat(fmt: Uint8Array): Piece[] {
  const pieces: Piece[] = [];
  let i = 0;
  while (i < fmt.length) {
    if (fmt[i] !== 0x25) {
      pieces.push(fmt[i++]);
      continue;
    }
    const spec = parsePrintfSpec(fmt, i);
    pieces.push(spec);
    i = spec.end;
  }
  return pieces;
}

function usesPositions(spec: PrintfSpec): boolean {
  return spec.position !== undefined || !!spec.widthArg || !!spec.precisionArg;
}

class ConversionError extends Error {
  constructor(readonly errno: number) {
    super(`errno ${errno}`);
  }
}

/** An integer argument's slot as PrintfArguments gives it: a bigint, or a number that stands for one. */
type Slot = bigint | number;

const slotBigint = (slot: Slot): bigint => (typeof slot === 'bigint' ? slot : BigInt(slot));

/** The slot read as an int (a '*' width or precision). */
const slotInt32 = (slot: Slot): number => (typeof slot === 'number' && Number.isSafeInteger(slot) ? slot | 0 : Number(BigInt.asIntN(32, slotBigint(slot))));

/** Where a conversion gets its argument values from. */
interface ArgumentSource {
  int(spec: PrintfSpec, which: 'value' | 'width' | 'precision'): Slot;
  double(spec: PrintfSpec): number;
  /** errno for %m (glibc reads it at the conversion, not as an argument). */
  errno(): number;
}

/** Arguments in the order the conversions ask for them (formats without "n$"). */
class SequentialSource implements ArgumentSource {
  constructor(private readonly args: PrintfArguments) {}

  int(): Slot {
    return this.args.nextInt();
  }

  double(spec: PrintfSpec): number {
    return spec.length === 'L' && this.args.nextLongDouble ? this.args.nextLongDouble() : this.args.nextDouble();
  }

  errno(): number {
    return this.args.errno?.() ?? 0;
  }
}

type ArgClass = 'int' | 'double' | 'long double' | 'none';

/** The kind of va_arg a conversion does for its value. */
function argClass(spec: PrintfSpec): ArgClass {
  const c = String.fromCharCode(spec.conversion);
  if ('diouxXbBcspnCS'.includes(c)) return 'int';
  if ('fFeEgGaA'.includes(c)) return spec.length === 'L' ? 'long double' : 'double';
  return 'none';
}

/**
 * glibc's printf_positional: numbers every argument (a spec or '*' without "n$" takes the next
 * number after the previous one), reads them all in order with the types the format gives them
 * (an argument no spec mentions is read as an int, which on x86-64 consumes one integer slot),
 * then serves conversions from that table.
 */
function positionalSource(pieces: readonly Piece[], args: PrintfArguments): ArgumentSource {
  const types = new Map<number, ArgClass>();
  const slots = new Map<PrintfSpec, { value?: number; width?: number; precision?: number }>();
  let next = 1;
  for (const spec of pieces) {
    if (typeof spec === 'number') continue;
    const slot: { value?: number; width?: number; precision?: number } = {};
    if (spec.widthArg !== undefined) {
      slot.width = spec.widthArg || next++;
      types.set(slot.width, 'int');
    }
    if (spec.precisionArg !== undefined) {
      slot.precision = spec.precisionArg || next++;
      types.set(slot.precision, 'int');
    }
    const cls = argClass(spec);
    if (cls !== 'none') {
      slot.value = spec.position ?? next++;
      types.set(slot.value, cls);
    }
    slots.set(spec, slot);
  }
  const count = Math.max(0, ...types.keys());
  const values: Slot[] = [0n];
  for (let n = 1; n <= count; n++) {
    const t = types.get(n) ?? 'int';
    if (t === 'int') values.push(args.nextInt());
    else if (t === 'long double' && args.nextLongDouble) values.push(args.nextLongDouble());
    else values.push(args.nextDouble());
  }
  return {
    int: (spec, which) => values[slots.get(spec)![which] ?? 0],
    double: (spec) => values[slots.get(spec)!.value ?? 0] as number,
    errno: () => args.errno?.() ?? 0,
  };
}

/**
 * A field wider than this (`%*s` with INT_MAX, `%.2147483647d`) is laid out by counting its
 * padding, not by making a string of it; and one call's output is held up to MAX_HELD bytes:
 * snprintf returns and %n stores the whole count, as glibc does, while the bytes past MAX_HELD
 * (which no snippet's buffer or terminal holds) are not kept (see the README's known limits).
 */
const WIDE_FIELD = 1 << 16;
const MAX_HELD = 1 << 20;
/** Digits after the point that can differ from zero: a double's exact expansion has at most 1074. */
const EXACT_DIGITS = 1100;

/** The buffer a finished ByteSink leaves for the next one (printf runs once per loop iteration). */
let spareBuffer: Uint8Array | undefined;

/**
 * printf's output as it is produced: bytes in a growable buffer, copied out once at the end.
 * The buffer is reused from call to call (taken while in use, so a nested printf gets its own).
 */
class ByteSink {
  private buf: Uint8Array;
  /** Bytes produced (what printf returns and %n stores), held or not. */
  length = 0;

  constructor() {
    this.buf = spareBuffer ?? new Uint8Array(256);
    spareBuffer = undefined;
  }

  byte(b: number): void {
    if (this.length >= MAX_HELD) {
      this.length++;
      return;
    }
    if (this.length === this.buf.length) this.grow();
    this.buf[this.length++] = b;
  }

  text(s: string): void {
    for (let i = 0; i < s.length; i++) this.byte(s.charCodeAt(i) & 0xff);
  }

  /** `n` copies of byte `b` (a wide field's padding), held up to MAX_HELD and counted past it. */
  fill(b: number, n: number): void {
    const held = Math.max(0, Math.min(n, MAX_HELD - this.length));
    while (this.buf.length < this.length + held) this.grow();
    this.buf.fill(b, this.length, this.length + held);
    this.length += n;
  }

  /** The output so far (the first MAX_HELD bytes of it); the sink is done with its buffer afterwards. */
  bytes(): Uint8Array {
    const out = this.buf.slice(0, Math.min(this.length, MAX_HELD));
    if (this.buf.length <= 65536) spareBuffer = this.buf;
    return out;
  }

  private grow(): void {
    const bigger = new Uint8Array(this.buf.length * 2);
    bigger.set(this.buf);
    this.buf = bigger;
  }
}

/** Resolves '*' width and precision: a negative width means '-' and its magnitude; a negative precision means none. */
function resolveStars(spec: PrintfSpec, source: ArgumentSource): PrintfSpec {
  if (spec.widthArg === undefined && spec.precisionArg === undefined) return spec;
  const s = { ...spec };
  if (spec.widthArg !== undefined) {
    const w = slotInt32(source.int(spec, 'width'));
    if (w < 0) {
      s.left = true;
      s.width = -w;
    } else {
      s.width = w;
    }
  }
  if (spec.precisionArg !== undefined) {
    const p = slotInt32(source.int(spec, 'precision'));
    s.precision = p < 0 ? -1 : p;
  }
  return s;
}

function convert(raw: PrintfSpec, source: ArgumentSource, out: ByteSink, memory: MemoryAccess, fmt: Uint8Array): void {
  if (raw.conversion === 0) throw new ConversionError(EINVAL); // "%" at the end of the format
  const spec = resolveStars(raw, source);
  if (spec.width > WIDE_FIELD || spec.precision > WIDE_FIELD) wideField(raw, spec, source, out, memory, fmt);
  else convertResolved(raw, spec, source, out, memory, fmt);
}

const INTEGER_CONVERSIONS = 'diuoxXbB';
const FLOAT_CONVERSIONS = 'fFeEgG';

/**
 * A conversion with a huge width or precision: converted with what can differ from zeros and
 * spaces, then padded by count (ByteSink.fill). An integer's precision is zeros before its
 * digits; a %f/%e precision past EXACT_DIGITS is zeros after them (%g drops them anyway); the
 * width pads with spaces, or zeros after the sign and prefix ('0' flag on a number), or on the
 * right ('-').
 */
function wideField(raw: PrintfSpec, spec: PrintfSpec, source: ArgumentSource, out: ByteSink, memory: MemoryAccess, fmt: Uint8Array): void {
  const c = String.fromCharCode(spec.conversion);
  const integer = INTEGER_CONVERSIONS.includes(c);
  const float = FLOAT_CONVERSIONS.includes(c);
  const precise = spec.precision > WIDE_FIELD && (integer || (float && 'fFeE'.includes(c)));
  const inner = new ByteSink();
  convertResolved(raw, { ...spec, width: 0, ...(precise ? { precision: integer ? -1 : EXACT_DIGITS } : {}) }, source, inner, memory, fmt);
  const text = String.fromCharCode(...inner.bytes());
  // Sign and prefix, digits (before an exponent), exponent: where zeros go in.
  const head = /^[-+ ]?(0[xXbB](?=[0-9a-fA-F]))?/.exec(integer || float ? text : '')?.[0] ?? '';
  const exponent = float && 'eE'.includes(c) ? /[eE][-+]\d+$/.exec(text)?.[0] ?? '' : '';
  const digits = text.slice(head.length, text.length - exponent.length);
  const zerosBefore = precise && integer ? Math.max(0, spec.precision - digits.length) : 0;
  const zerosAfter = precise && float ? spec.precision - EXACT_DIGITS : 0;
  const length = text.length + zerosBefore + zerosAfter;
  const pad = Math.max(0, spec.width - length);
  const zeroPad = spec.zeroPad && !spec.left && (float || (integer && spec.precision < 0));
  if (!spec.left && !zeroPad) out.fill(0x20, pad);
  out.text(head);
  if (zeroPad) out.fill(0x30, pad);
  out.fill(0x30, zerosBefore);
  out.text(digits);
  out.fill(0x30, zerosAfter);
  out.text(exponent);
  if (spec.left) out.fill(0x20, pad);
}

function convertResolved(raw: PrintfSpec, spec: PrintfSpec, source: ArgumentSource, out: ByteSink, memory: MemoryAccess, fmt: Uint8Array): void {
  // Arguments are asked for with the parsed spec (`raw`): the positional table is keyed by it,
  // not by the copy resolveStars makes.
  const c = String.fromCharCode(spec.conversion);
  switch (c) {
    case '%':
      out.byte(0x25);
      return;
    case 'd':
    case 'i':
    case 'u':
    case 'o':
    case 'x':
    case 'X':
    case 'b':
    case 'B':
      out.text(formatInteger(source.int(raw, 'value'), spec));
      return;
    case 'p': {
      const ptr = source.int(raw, 'value');
      if (ptr === 0 || (typeof ptr === 'bigint' && BigInt.asUintN(64, ptr) === 0n)) out.text(padString(spec, '(nil)'));
      else out.text(formatInteger(ptr, spec, true));
      return;
    }
    case 'f':
    case 'F':
    case 'e':
    case 'E':
    case 'g':
    case 'G':
      out.text(formatFloat(source.double(raw), spec));
      return;
    case 'a':
    case 'A':
      out.text(formatHexFloat(source.double(raw), spec, spec.length === 'L'));
      return;
    case 'c':
    case 'C':
      if (c === 'C' || spec.length === 'l') out.text(padString(spec, wideToNarrow([Number(BigInt.asUintN(32, slotBigint(source.int(raw, 'value'))))])));
      else out.text(padString(spec, String.fromCharCode(Number(slotBigint(source.int(raw, 'value')) & 0xffn))));
      return;
    case 's':
    case 'S':
      out.text(padString(spec, stringArgument(spec, BigInt.asUintN(64, slotBigint(source.int(raw, 'value'))), memory, c === 'S' || spec.length === 'l')));
      return;
    case 'n':
      storeCount(spec, Number(BigInt.asUintN(64, slotBigint(source.int(raw, 'value')))), out.length, memory);
      return;
    case 'm':
      out.text(padString(spec, strerrorText(source.errno())));
      return;
    default:
      out.text(printUnknown(spec, fmt));
  }
}

/**
 * %s, %c, %m and "(nil)" in a field: always spaces (glibc ignores the '0' flag for them).
 */
function padString(spec: PrintfSpec, text: string): string {
  return padNumber(spec, '', '', text, false);
}

/**
 * The bytes %s prints. NULL prints "(null)" when the precision leaves room for all six
 * characters and nothing otherwise (glibc's process_string_arg). A precision bounds how many
 * bytes are read: strnlen(s, prec), so an unterminated array is fine with "%.3s".
 */
function stringArgument(spec: PrintfSpec, ptr: bigint, memory: MemoryAccess, wide: boolean): string {
  if (ptr === 0n) return spec.precision === -1 || spec.precision >= 6 ? '(null)' : '';
  const addr = Number(ptr);
  if (wide) return wideString(spec, addr, memory);
  const max = spec.precision < 0 ? Infinity : spec.precision;
  const len = strnlenAt(memory, addr, max);
  let s = '';
  for (let i = 0; i < len; i++) s += String.fromCharCode(memory.read8(addr + i));
  return s;
}

/**
 * %ls: wchar_t units (4 bytes) converted with wcrtomb in the C locale, whose charset is ASCII:
 * a unit above 0x7f fails with EILSEQ. The precision counts output bytes.
 */
function wideString(spec: PrintfSpec, addr: number, memory: MemoryAccess): string {
  const units: number[] = [];
  const max = spec.precision < 0 ? Infinity : spec.precision;
  for (let i = 0; units.length < max; i++) {
    const u = memory.read32(addr + 4 * i);
    if (u === 0) break;
    units.push(u);
  }
  return wideToNarrow(units);
}

function wideToNarrow(units: number[]): string {
  let s = '';
  for (const u of units) {
    if (u > 0x7f) throw new ConversionError(EILSEQ);
    s += String.fromCharCode(u);
  }
  return s;
}

/** %n: the count so far, stored with the width the length modifier names. */
function storeCount(spec: PrintfSpec, addr: number, count: number, memory: MemoryAccess): void {
  switch (spec.length) {
    case 'hh':
      memory.write8(addr, count & 0xff);
      return;
    case 'h':
      memory.write16(addr, count & 0xffff);
      return;
    case '':
      memory.write32(addr, count >>> 0);
      return;
    default:
      memory.write64n(addr, BigInt(count));
  }
}

/**
 * A conversion glibc has no handler for: printf_unknown writes the specification back as '%',
 * the flags in a fixed order ('#', '+', ' ' unless '+', '-', '0' unless '-', '\'', 'I'), the
 * width and the precision as numbers (after '*' resolution), then the conversion byte; the
 * length modifier is not repeated. No argument is consumed for the conversion itself.
 */
function printUnknown(spec: PrintfSpec, fmt: Uint8Array): string {
  let s = '%';
  if (spec.alt) s += '#';
  if (spec.showSign) s += '+';
  else if (spec.space) s += ' ';
  if (spec.left) s += '-';
  else if (spec.zeroPad) s += '0';
  if (spec.group) s += "'";
  if (spec.i18n) s += 'I';
  if (spec.width !== 0) s += String(spec.width);
  if (spec.precision !== -1) s += '.' + String(spec.precision);
  return s + String.fromCharCode(fmt[spec.end - 1]);
}
