import { doubleBits } from './exactDecimal';

/**
 * The x87 80-bit extended layout of a long double holding a double's value (what gcc on x86-64
 * stores for long double: 10 bytes, little-endian 64-bit significand with an explicit integer
 * bit, then sign and 15-bit exponent with bias 16383; sizeof is 16, the last 6 bytes are padding
 * that stores leave alone). Every double is exactly representable, subnormals included.
 */
export function x87ExtendedBytes(x: number): Uint8Array {
  const bits = doubleBits(x);
  const sign = Number(bits >> 63n);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xfffffffffffffn;
  let significand: bigint;
  let exponent: number;
  if (biased === 0x7ff) {
    exponent = 0x7fff;
    significand = (1n << 63n) | (fraction << 11n); // infinity or NaN (quiet bit carried over)
  } else if (biased === 0 && fraction === 0n) {
    exponent = 0;
    significand = 0n;
  } else if (biased === 0) {
    // A double subnormal: normalise into the wider exponent range.
    significand = fraction << 11n;
    exponent = 1 - 1023 + 16383;
    while (significand >> 63n === 0n) {
      significand <<= 1n;
      exponent--;
    }
  } else {
    exponent = biased - 1023 + 16383;
    significand = (1n << 63n) | (fraction << 11n);
  }
  const out = new Uint8Array(10);
  for (let i = 0; i < 8; i++) out[i] = Number((significand >> BigInt(8 * i)) & 0xffn);
  const top = (sign << 15) | exponent;
  out[8] = top & 0xff;
  out[9] = top >> 8;
  return out;
}
