import * as assert from 'node:assert';
import * as util from 'node:util';
import { formatLogArguments } from '../../../../../src/lang/js/inspect/formatLogArguments';
import { realValueHost } from './realValueHost';

/** console.log's text for its arguments against node's util.format (which console.log uses), compared live. */
class Temperature {
  constructor(private readonly c: number) {}
  toString(): string { return `${this.c}°C`; }
}

const cycle: Record<string, unknown> = { name: 'loop' };
cycle.self = cycle;

const cases: readonly (readonly unknown[])[] = [
  [],
  ['plain'],
  ['two', 'strings'],
  [1, 'a', { b: 2 }, [3]],
  [{ nested: { deep: { deeper: { deepest: 1 } } } }],
  ['%s is %d years', 'Ada', 36],
  ['%s', 'only'],
  ['%s', 42],
  ['%s', -0],
  ['%s', 10n],
  ['%s', Symbol('s')],
  ['%s', null, undefined],
  ['%s', { a: { b: { c: 1 } } }],
  ['%s', [1, [2, [3]]]],
  ['%s', new Temperature(21)],
  ['%s', Object.assign(new Error('as string'), { stack: 'Error: as string' })],
  ['%s', () => 1],
  ['%d', '42'],
  ['%d', '4.5abc'],
  ['%d', 7n],
  ['%d', Symbol('x')],
  ['%d', {}],
  ['%d', null],
  ['%i', 42.9],
  ['%i', '-3.7'],
  ['%i', 5n],
  ['%f', '3.25'],
  ['%f', 'x'],
  ['%j', { a: [1, 'x'] }],
  ['%j', cycle],
  ['%j', undefined],
  ['%j', 'str'],
  ['%O', { a: { b: { c: { d: 1 } } } }],
  ['%o', { a: 1 }],
  ['%o', [1, 2]],
  ['%o', new Temperature(3)],
  ['%o', function named() {}],
  ['%c styled', 'color: red'],
  ['100%% sure', 'extra'],
  ['%%', 1],
  ['50%'],
  ['%x unknown %s', 'k'],
  ['%s %s', 'only one'],
  ['no specifiers', 1, 2],
  ['trailing %', 1],
  ['%s:%s', 'a', 'b', 'c', { d: 1 }],
  [5, '%s', 'not a format'],
  ['%s', 'a\nb'],
  ['%d%%', 50],
];

describe('formatLogArguments: console.log formatting matches node\'s util.format (compared live)', () => {
  for (const args of cases) {
    it(util.inspect(args, { breakLength: Infinity }), () => {
      assert.strictEqual(formatLogArguments(realValueHost, args), util.format(...args));
    });
  }
});
