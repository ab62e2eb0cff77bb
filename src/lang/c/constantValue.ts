/** The value of a constant expression: integers as BigInt (exact to 64 bits), floats as numbers. */
export type ConstantValue =
  | { readonly kind: 'int'; readonly value: bigint }
  | { readonly kind: 'float'; readonly value: number };

/** Parses a C integer literal with its suffix (0x1F, 017, 10UL, 0b101). */
export function parseIntegerLiteral(text: string): bigint | undefined {
  // tree-sitter-c folds a leading sign into the literal (`-1`); C calls it unary minus.
  if (/^[-+]/.test(text)) {
    const magnitude = parseIntegerLiteral(text.slice(1));
    return magnitude === undefined ? undefined : text[0] === '-' ? -magnitude : magnitude;
  }
  const digits = text.replace(/[uUlL]+$/, '').replace(/'/g, '');
  try {
    if (/^0[xX][0-9a-fA-F]+$/.test(digits) || /^0[bB][01]+$/.test(digits)) return BigInt(digits);
    if (/^0[0-7]+$/.test(digits)) return BigInt('0o' + digits.slice(1));
    if (/^[0-9]+$/.test(digits)) return BigInt(digits);
  } catch {
    return undefined;
  }
  return undefined;
}

/** Parses a C floating literal (1.5, 1e-3, .5f, 0x1p3). */
export function parseFloatLiteral(text: string): number | undefined {
  if (/^[-+]/.test(text)) {
    const magnitude = parseFloatLiteral(text.slice(1));
    return magnitude === undefined ? undefined : text[0] === '-' ? -magnitude : magnitude;
  }
  const body = text.replace(/[fFlL]$/, '');
  if (/^0[xX]/.test(body)) {
    const m = /^0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/.exec(body);
    if (!m) return undefined;
    const mantissa = parseInt(m[1] || '0', 16) + (m[2] ? parseInt(m[2], 16) / 16 ** m[2].length : 0);
    return mantissa * 2 ** Number(m[3]);
  }
  const value = Number(body);
  return Number.isNaN(value) ? undefined : value;
}

export function isFloatLiteral(text: string): boolean {
  const unsigned = text.replace(/^[-+]/, '');
  return !/^0[xX]/.test(unsigned) ? /[.eE]/.test(unsigned) : /[pP]/.test(unsigned);
}
