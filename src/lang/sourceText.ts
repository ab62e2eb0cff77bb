import { type Diagnostic, type SourceRange, rangeAt } from '../shared/diagnostics';

/**
 * What every front end (C, JavaScript) checks of a program's text before it parses it. A snippet
 * is something a person reads and steps through; a file of megabytes, or bytes that are no text,
 * would only make the editor wait (the C front end needs about 4 s and 400 MB per MB of source),
 * so they get one clear diagnostic instead.
 */

/** The largest program text a front end accepts, in characters (1 Mi: tens of thousands of lines). */
export const MAX_SOURCE_CHARACTERS = 1 << 20;

export interface CheckedText {
  /** The text to parse: as given, without a leading byte-order mark, with CRLF line ends as LF. */
  readonly text: string;
  /** Errors here mean the text must not be parsed at all. */
  readonly diagnostics: readonly Diagnostic[];
}

export function checkSourceText(text: string): CheckedText {
  // A UTF-8 byte-order mark (saved by some Windows editors) is no part of the program; gcc skips
  // it. CRLF ends a line as LF does (for gcc and in JavaScript); lines and columns stay the same.
  const unmarked = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const body = unmarked.includes('\r\n') ? unmarked.replace(/\r\n/g, '\n') : unmarked;
  if (body.length > MAX_SOURCE_CHARACTERS) {
    return {
      text: body,
      diagnostics: [error('too-large', `this file has ${body.length.toLocaleString('en-US')} characters; Memory Atlas runs programs of up to ${MAX_SOURCE_CHARACTERS.toLocaleString('en-US')} characters (a snippet to step through, not a whole code base)`, rangeAt(1, 1))],
    };
  }
  const nul = body.indexOf('\0');
  if (nul >= 0) {
    return { text: body, diagnostics: [error('binary', 'this file holds binary data (a NUL byte here), not program text', rangeAt(...positionOf(body, nul)))] };
  }
  return { text: body, diagnostics: [] };
}

export interface DecodedSource {
  readonly text: string;
  /** A warning when the bytes were not valid UTF-8 (then each bad sequence became U+FFFD). */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * A file's bytes as program text: UTF-8, as gcc reads source by default. Bytes that are not
 * UTF-8 (a Latin-1 file, say) are replaced by U+FFFD, with a warning at the first one, since
 * string literals holding them would then differ from the gcc build's.
 */
export function decodeSource(bytes: Uint8Array): DecodedSource {
  const text = new TextDecoder('utf-8').decode(bytes);
  const bad = firstInvalidUtf8(bytes);
  // Binary data is not text in another encoding: checkSourceText says what it is.
  if (bad < 0 || bytes.includes(0)) return { text, diagnostics: [] };
  const before = new TextDecoder('utf-8').decode(bytes.subarray(0, bad));
  const [line, column] = positionOf(before, before.length);
  const hex = bytes[bad].toString(16).toUpperCase().padStart(2, '0');
  return {
    text,
    diagnostics: [{
      severity: 'warning', code: 'encoding', range: rangeAt(line, column),
      message: `this file is not UTF-8 (byte 0x${hex} here): Memory Atlas reads it as UTF-8, each invalid byte replaced by U+FFFD, so text in string literals may differ from what gcc or node would keep; save the file as UTF-8`,
    }],
  };
}

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let k = 1; k < length; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    // Overlong three/four-byte forms, UTF-16 surrogates and code points past U+10FFFF.
    const second = bytes[i + 1];
    if ((b === 0xe0 && second < 0xa0) || (b === 0xed && second >= 0xa0) || (b === 0xf0 && second < 0x90) || (b === 0xf4 && second >= 0x90)) return i;
    i += length;
  }
  return -1;
}

/** 1-based line and column of a character offset. */
function positionOf(text: string, offset: number): [number, number] {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return [line, offset - lineStart + 1];
}

function error(code: string, message: string, range: SourceRange): Diagnostic {
  return { severity: 'error', code, message, range };
}
