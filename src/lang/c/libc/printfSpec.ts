/**
 * One conversion specification of a printf format, parsed the way glibc's printf-parse does
 * (stdio-common/printf-parsemb.c): `%[pos$][flags][width][.precision][length]conversion`.
 *
 * - flags, in any order and repeatable: '-', '+', ' ', '#', '0', and the glibc extensions '\''
 *   (thousands grouping: the C locale has no grouping, so it changes nothing) and 'I' (locale
 *   digits: none in the C locale);
 * - width: digits, or '*' (an int argument; negative means '-' flag plus its absolute value),
 *   or '*m$' in positional formats;
 * - precision: '.' then digits, '*' or nothing (= 0); a negative '*' precision counts as absent;
 * - length: hh h l ll L q (= ll) j z Z (= z) t;
 * - conversion: one byte; anything glibc has no handler for is kept for printUnknown.
 */

export type LengthModifier = '' | 'hh' | 'h' | 'l' | 'll' | 'L' | 'j' | 'z' | 't';

export interface PrintfSpec {
  /** Byte offsets of the '%' and just past the conversion byte in the format. */
  start: number;
  end: number;
  left: boolean;
  showSign: boolean;
  space: boolean;
  alt: boolean;
  zeroPad: boolean;
  group: boolean;
  i18n: boolean;
  /** Field width; 0 when none was given. */
  width: number;
  /** Precision; -1 when none was given. */
  precision: number;
  /** '*' width / precision: the argument number (1-based) in positional formats, 0 for "next". */
  widthArg: number | undefined;
  precisionArg: number | undefined;
  /** Positional argument number ('%3$d'), undefined when the spec has none. */
  position: number | undefined;
  length: LengthModifier;
  /** The conversion byte; 0 when the format ended inside the specification. */
  conversion: number;
}

const DIGIT_0 = 0x30;

function isDigit(b: number | undefined): boolean {
  return b !== undefined && b >= DIGIT_0 && b <= DIGIT_0 + 9;
}

/** Reads a decimal number at `i`; glibc's read_int saturates to -1 on int overflow. */
function readDecimal(format: Uint8Array, i: number): { value: number; next: number } {
  let value = 0;
  while (isDigit(format[i])) {
    value = value * 10 + (format[i] - DIGIT_0);
    if (value > 0x7fffffff) value = -1 >>> 0; // stays large; the caller reports EOVERFLOW
    i++;
  }
  return { value, next: i };
}

/** A positional argument reference "N$" at `i`, or undefined (and `i` unchanged) when there is none. */
function readPosition(format: Uint8Array, i: number): { position: number; next: number } | undefined {
  if (!isDigit(format[i])) return undefined;
  const n = readDecimal(format, i);
  if (n.value === 0 || format[n.next] !== 0x24 /* $ */) return undefined;
  return { position: n.value, next: n.next + 1 };
}

/** Parses the specification whose '%' is at `start`. */
export function parsePrintfSpec(format: Uint8Array, start: number): PrintfSpec {
  let i = start + 1;
  const spec: PrintfSpec = {
    start,
    end: start + 1,
    left: false,
    showSign: false,
    space: false,
    alt: false,
    zeroPad: false,
    group: false,
    i18n: false,
    width: 0,
    precision: -1,
    widthArg: undefined,
    precisionArg: undefined,
    position: undefined,
    length: '',
    conversion: 0,
  };
  const pos = readPosition(format, i);
  if (pos !== undefined) {
    spec.position = pos.position;
    i = pos.next;
  }
  for (;; i++) {
    const b = format[i];
    if (b === 0x2d) spec.left = true;
    else if (b === 0x2b) spec.showSign = true;
    else if (b === 0x20) spec.space = true;
    else if (b === 0x23) spec.alt = true;
    else if (b === 0x30) spec.zeroPad = true;
    else if (b === 0x27) spec.group = true;
    else if (b === 0x49) spec.i18n = true;
    else break;
  }
  if (format[i] === 0x2a /* * */) {
    i++;
    const p = readPosition(format, i);
    spec.widthArg = p?.position ?? 0;
    if (p !== undefined) i = p.next;
  } else if (isDigit(format[i])) {
    const n = readDecimal(format, i);
    spec.width = n.value;
    i = n.next;
  }
  if (format[i] === 0x2e /* . */) {
    i++;
    if (format[i] === 0x2a) {
      i++;
      const p = readPosition(format, i);
      spec.precisionArg = p?.position ?? 0;
      if (p !== undefined) i = p.next;
    } else {
      const n = readDecimal(format, i);
      spec.precision = n.value;
      i = n.next;
    }
  }
  const b = format[i];
  const b2 = format[i + 1];
  if (b === 0x68 /* h */) {
    spec.length = b2 === 0x68 ? 'hh' : 'h';
  } else if (b === 0x6c /* l */) {
    spec.length = b2 === 0x6c ? 'll' : 'l';
  } else if (b === 0x4c /* L */ || b === 0x71 /* q */) {
    spec.length = b === 0x71 ? 'll' : 'L';
  } else if (b === 0x6a /* j */) {
    spec.length = 'j';
  } else if (b === 0x7a /* z */ || b === 0x5a /* Z */) {
    spec.length = 'z';
  } else if (b === 0x74 /* t */) {
    spec.length = 't';
  }
  i += spec.length === 'hh' || (spec.length === 'll' && b === 0x6c) ? 2 : spec.length === '' ? 0 : 1;
  spec.conversion = i < format.length ? format[i] : 0;
  spec.end = i < format.length ? i + 1 : i;
  return spec;
}
