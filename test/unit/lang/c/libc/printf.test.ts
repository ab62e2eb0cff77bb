import { strict as assert } from 'node:assert';
import { doubleFromBits } from '../../../../../src/lang/c/libc/exactDecimal';
import { runPrintf } from '../../../../../src/lang/c/libc/formatPrintf';
import type { PrintfArguments } from '../../../../../src/lang/c/libc/printfArguments';
import { escape, readFixture, records, unescape } from '../../../../tools/libc-reference/libcReference';
import { FlatMemory } from './flatMemory';
import { checkAll, liveReferenceSuite } from './referenceFixtures';

/**
 * Builds the arguments of one recorded case in flat memory; returns them and the %n targets.
 * With `asNumbers`, integer slots whose value is a safe integer come as numbers, as the
 * interpreter passes its int and long values (printf must format them the same).
 */
function argumentsOf(tokens: string[], memory: FlatMemory, asNumbers = false) {
  const ints: bigint[] = [];
  const doubles: number[] = [];
  const targets: { tag: string; addr: number; expected: bigint }[] = [];
  let errno = 0;
  for (const token of tokens) {
    const tag = token[0];
    const text = token.slice(2);
    switch (tag) {
      case 'i':
      case 'u':
      case 'l':
      case 'U':
        ints.push(BigInt(text));
        break;
      case 'p':
        ints.push(BigInt('0x' + text));
        break;
      case 'd':
      case 'D':
        doubles.push(doubleFromBits(BigInt('0x' + text)));
        break;
      case 's':
        ints.push(text === 'NULL' ? 0n : BigInt(memory.cString(unescape(text))));
        break;
      case 'W': {
        const units = text.split(',').map((u) => parseInt(u, 16));
        const addr = memory.alloc(4 * units.length + 4);
        units.forEach((u, i) => memory.write32(addr + 4 * i, u));
        memory.write32(addr + 4 * units.length, 0);
        ints.push(BigInt(addr));
        break;
      }
      case 'n':
      case 'N':
      case 'b':
      case 'q': {
        const addr = memory.alloc(8, 0xff);
        targets.push({ tag, addr, expected: BigInt(text) });
        ints.push(BigInt(addr));
        break;
      }
      case 'E':
        errno = Number(text);
        break;
      default:
        throw new Error(`unknown token ${token}`);
    }
  }
  const args: PrintfArguments = {
    nextInt: () => {
      const slot = ints.shift() ?? 0n;
      const n = Number(slot);
      return asNumbers && Number.isSafeInteger(n) ? n : slot;
    },
    nextDouble: () => doubles.shift() ?? 0,
    errno: () => errno,
  };
  return { args, targets };
}

function storedValue(memory: FlatMemory, tag: string, addr: number): bigint {
  switch (tag) {
    case 'n':
      return BigInt(memory.read32(addr) | 0);
    case 'N':
      return BigInt((memory.read16(addr) << 16) >> 16);
    case 'b':
      return BigInt((memory.read8(addr) << 24) >> 24);
    default:
      return BigInt.asIntN(64, memory.read64n(addr));
  }
}

const SNPRINTF_BUFFER = 1 << 17;

describe('printf: recorded glibc 2.36 corpus', () => {
  const cases = records(readFixture('printf'), 'P');

  it('has at least 300 recorded cases', () => {
    assert.ok(cases.length >= 300, `only ${cases.length}`);
    assert.match(readFixture('printf').split('\n')[0], /^#\tglibc 2\.36\t/);
  });

  for (const asNumbers of [false, true]) {
    it(`formats every case byte for byte as glibc, with the same return value and %n stores (integer arguments as ${asNumbers ? 'numbers' : 'bigints'})`, () => {
      checkCases(cases, asNumbers);
    });
  }
});

function checkCases(cases: string[][], asNumbers: boolean): void {
  checkAll(cases, ([, fmt, argText, ret, out]) => {
    const memory = new FlatMemory();
    const { args, targets } = argumentsOf(argText === '' ? [] : argText.split(' '), memory, asNumbers);
    const r = runPrintf(unescape(fmt), args, memory);
    // The generator used vsnprintf into a 128 KiB buffer: it keeps the first 128K-1 bytes.
    const shown = escape(r.output.subarray(0, SNPRINTF_BUFFER - 1));
    const expected = escape(unescape(out));
    if (shown !== expected || String(r.result) !== ret) {
      return `printf("${fmt}", ${argText}): expected ${ret} "${expected}", got ${r.result} "${shown}"`;
    }
    for (const t of targets) {
      const got = storedValue(memory, t.tag, t.addr);
      if (got !== t.expected) return `printf("${fmt}"): %n stored ${got}, glibc ${t.expected}`;
    }
    return undefined;
  });
}

liveReferenceSuite('printf');
