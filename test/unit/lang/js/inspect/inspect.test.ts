import * as assert from 'node:assert';
import * as util from 'node:util';
import { spawnSync } from 'node:child_process';
import { inspect } from '../../../../../src/lang/js/inspect/inspectValue';
import type { InspectOptions } from '../../../../../src/lang/js/inspect/inspectContext';
import { collectionIterator, pendingPromise, realValueHost, settledPromise } from './realValueHost';

/**
 * Our formatter against node's own util.inspect, on the same real values of this process:
 * each case builds a value, and both must print it alike.
 */
interface Case {
  readonly name: string;
  readonly make: () => unknown;
  readonly options?: Partial<InspectOptions>;
}

/** An error whose stack is only its message line, as the interpreter's errors are. */
function frameless<E extends Error>(err: E): E {
  err.stack = `${err.name}: ${err.message}`;
  return err;
}

class Point { constructor(public x: number, public y: number) {} }
class Empty {}
class Base { static kind = 'base'; }
class Derived extends Base {}
class Secret { #hidden = 1; shown = 2; get hiddenValue(): number { return this.#hidden; } }
class Stack extends Array<number> {}
class ValidationError extends Error {}
class NamedError extends Error { constructor(m: string) { super(m); this.name = 'NamedError'; } }

function cyclic(): unknown {
  const a: Record<string, unknown> = { name: 'a' };
  a.self = a;
  return a;
}

function twoCycles(): unknown {
  const a: Record<string, unknown> = { id: 1 };
  const b: Record<string, unknown> = { id: 2, a };
  a.b = b;
  const c: Record<string, unknown> = { first: a, second: b };
  c.c = c;
  return c;
}

function withHoles(): unknown[] {
  const a: unknown[] = [1];
  a[3] = 4;
  a.length = 6;
  return a;
}

const sym = Symbol('tag');

const cases: readonly Case[] = [
  // primitives at top level
  { name: 'numbers', make: () => [0, -0, 1.5, -2, NaN, Infinity, -Infinity, 1e21, 5e-7, 0.1 + 0.2] },
  { name: 'bigint', make: () => [1n, -12345678901234567890n] },
  { name: 'top-level string', make: () => 'plain text' },
  { name: 'strings with quotes', make: () => ["it's", 'say "hi"', 'both \' and "', 'all \' " `', 'tpl ${x} \' "'] },
  { name: 'string escapes', make: () => ['tab\there', 'line\nbreak', 'back\\slash', '\x00\x1b\x7f\x85', 'lone \ud800 surrogate', 'pair 😀'] },
  { name: 'long string split at newlines', make: () => ({ text: 'first line of a long text\nsecond line of that long text\nthird and the last line here' }) },
  { name: 'long string without newlines', make: () => ['x'.repeat(120)] },
  { name: 'symbols', make: () => [Symbol('a'), Symbol(), Symbol.iterator, Symbol('with\nnewline')] },
  { name: 'undefined, null, booleans', make: () => [undefined, null, true, false] },
  // objects
  { name: 'empty object and array', make: () => [{}, []] },
  { name: 'flat object', make: () => ({ a: 1, b: 'two', c: [3], d: null }) },
  { name: 'quoted keys', make: () => ({ 'a-b': 1, '1x': 2, _ok: 3, $dollar: 4, 'with space': 5, "it's": 6, 10: 'ten', __proto__x: 1 }) },
  { name: '__proto__ own key', make: () => JSON.parse('{"__proto__": 1}') },
  { name: 'symbol keys', make: () => ({ [sym]: 1, [Symbol()]: 2, plain: 3 }) },
  { name: 'nested to depth', make: () => ({ a: { b: { c: { d: { e: 1 } } } }, arr: [[[[1]]]] }) },
  { name: 'depth cut-off names classes', make: () => ({ l1: { l2: { p: new Point(1, 2), m: new Map([[1, 2]]), s: new Set([1]), e: [1], o: { x: 1 } } } }) },
  { name: 'line breaking at 80 columns', make: () => ({ alpha: 'aaaaaaaaaaaa', beta: 'bbbbbbbbbbbb', gamma: 'cccccccccccc', delta: 'dddddddddddd', epsilon: 1 }) },
  { name: 'compact 3 innermost levels', make: () => ({ a: { b: { c: {} } }, list: [{ x: 1 }, { y: 2 }] }) },
  { name: 'mixed deep and shallow', make: () => ({ user: { name: 'Ada', roles: ['admin', 'dev'], address: { city: 'London', zip: 'N1' } }, active: true }) },
  { name: 'array of objects', make: () => [{ id: 1, name: 'one' }, { id: 2, name: 'two' }, { id: 3, name: 'three' }] },
  { name: 'long array of objects', make: () => Array.from({ length: 8 }, (_, i) => ({ id: i, label: `item number ${i}` })) },
  { name: 'circular', make: cyclic },
  { name: 'two cycles numbered', make: twoCycles },
  { name: 'circular through array', make: () => { const a: unknown[] = [1]; a.push({ back: a }); return a; } },
  { name: 'shared but not circular', make: () => { const s = { v: 1 }; return { a: s, b: s }; } },
  // arrays
  { name: 'array with holes', make: withHoles },
  { name: 'array all holes', make: () => new Array(5) },
  { name: 'array one hole', make: () => [1, , 3] },
  { name: 'array extra properties', make: () => Object.assign([1, 2], { extra: true, [sym]: 's' }) },
  { name: 'array of 7 numbers (columns)', make: () => [1, 2, 3, 4, 5, 6, 7] },
  { name: 'array of 26 numbers', make: () => Array.from({ length: 26 }, (_, i) => i * i) },
  { name: 'array of 100 numbers', make: () => Array.from({ length: 100 }, (_, i) => i) },
  { name: 'array over 100 items', make: () => Array.from({ length: 101 }, (_, i) => i) },
  { name: 'array of 250 items', make: () => Array.from({ length: 250 }, (_, i) => i % 7) },
  { name: 'array of short strings', make: () => ['a', 'bb', 'ccc', 'dddd', 'e', 'ff', 'ggg', 'hhhh', 'i', 'jj'] },
  { name: 'array of words', make: () => 'the quick brown fox jumps over the lazy dog again and again until the end'.split(' ') },
  { name: 'array of mixed', make: () => [1, 'two', 3, null, undefined, true, 7n, 8] },
  { name: 'array of one long and short', make: () => ['x'.repeat(30), 'a', 'b', 'c', 'd', 'e', 'f', 'g'] },
  { name: 'nested number arrays', make: () => ({ matrix: [[1, 2, 3, 4, 5, 6, 7], [8, 9, 10, 11, 12, 13, 14]] }) },
  { name: 'array subclass', make: () => { const s = new Stack(); s.push(1, 2); return [s, new Stack()]; } },
  { name: 'wide characters', make: () => ['日本', '中文字', 'a', 'b', 'c', 'd', 'e', 'f'] },
  // classes and functions
  { name: 'class instances', make: () => [new Point(1, 2), new Empty(), new (class {})(), new Secret()] },
  { name: 'null prototype', make: () => [Object.create(null), Object.assign(Object.create(null), { a: 1 })] },
  { name: 'functions', make: () => [function named() {}, () => 1, async function af() {}, function* gen() {}, async function* ag() {}, Math.max] },
  { name: 'anonymous function', make: () => [(() => () => 1)()] },
  { name: 'functions with properties', make: () => Object.assign(function tagged() {}, { meta: 1 }) },
  { name: 'classes', make: () => [Point, Empty, Derived, class {}, Base] },
  { name: 'getters and setters', make: () => ({ get g() { return 1; }, set s(_v: number) {}, get gs() { return 1; }, set gs(_v: number) {} }) },
  { name: 'non-enumerable hidden', make: () => Object.defineProperty({ v: 1 }, 'hidden', { value: 2, enumerable: false }) },
  { name: 'showHidden lists hidden keys', make: () => Object.defineProperty({ v: 1 }, 'hidden', { value: 2, enumerable: false }), options: { showHidden: true } },
  { name: 'showHidden on arrays', make: () => [1, 2, 3], options: { showHidden: true } },
  { name: 'toStringTag', make: () => [{ [Symbol.toStringTag]: 'Own' }, new (class Tagged { get [Symbol.toStringTag]() { return 'T'; } })()] },
  { name: 'generator object and iterator', make: () => [(function* g() { yield 1; })(), [1, 2][Symbol.iterator]()] },
  { name: 'arguments object', make: function (this: unknown) { return (function (..._a: unknown[]) { return arguments; })(1, 'a'); } },
  // collections
  { name: 'maps', make: () => [new Map(), new Map<unknown, unknown>([['a', 1], [{ k: 1 }, [2]]])] },
  { name: 'sets', make: () => [new Set(), new Set([1, 'two', { three: 3 }])] },
  { name: 'nested maps', make: () => new Map([['outer', new Map([['inner', new Map([['deep', new Map([[1, 2]])]])]])]]) },
  { name: 'weak collections', make: () => [new WeakMap(), new WeakSet(), new WeakRef({}), new FinalizationRegistry(() => undefined)] },
  { name: 'map with extra property', make: () => Object.assign(new Map([[1, 2]]), { note: 'x' }) },
  { name: 'map iterators', make: () => { const m = new Map([['a', 1], ['b', 2]]); return [collectionIterator(m, 'entries'), collectionIterator(m, 'keys'), collectionIterator(new Set([5]), 'values')]; } },
  { name: 'big set', make: () => new Set(Array.from({ length: 103 }, (_, i) => i)) },
  // promises
  { name: 'promises', make: () => [settledPromise('fulfilled', 1), pendingPromise(), settledPromise('fulfilled', { a: [1] }), settledPromise('fulfilled', undefined)] },
  { name: 'rejected promise', make: () => settledPromise('rejected', frameless(new Error('no'))) },
  // errors
  { name: 'frameless error', make: () => frameless(new Error('boom')) },
  { name: 'frameless errors nested', make: () => ({ err: frameless(new TypeError('bad type')), list: [frameless(new RangeError('out'))] }) },
  { name: 'error with properties', make: () => Object.assign(frameless(new Error('with code')), { code: 'E_CODE', errno: 2 }) },
  { name: 'error subclass without name', make: () => frameless(new ValidationError('invalid')) },
  { name: 'error subclass with name', make: () => frameless(new NamedError('named')) },
  { name: 'error with own name after the stack', make: () => { const e = new Error('late'); e.name = 'LateError'; e.stack = 'Error: late'; return e; } },
  { name: 'error with empty message', make: () => frameless(new Error('')) },
  { name: 'error with cause', make: () => frameless(new Error('outer', { cause: frameless(new Error('inner')) })) },
  { name: 'error with frames', make: () => new Error('real stack') },
  { name: 'error with frames nested', make: () => ({ nested: { e: new RangeError('deep') } }) },
  { name: 'error with cause and frames', make: () => { const inner = new Error('inner'); return new Error('outer', { cause: inner }); } },
  { name: 'error with multi-line message', make: () => frameless(new Error('line one\nline two')) },
  { name: 'aggregate error', make: () => frameless(new AggregateError([frameless(new Error('a'))], 'many')) },
  // binary data
  { name: 'buffers', make: () => [Buffer.from('hi'), Buffer.alloc(0), Buffer.alloc(60, 0xab)] },
  { name: 'buffer at depth', make: () => ({ a: { b: { c: { buf: Buffer.from([1, 2]) } } } }) },
  { name: 'typed arrays', make: () => [new Uint8Array([1, 2, 3]), new Int16Array([-1, 300]), new Float64Array([0.5, -0]), new BigInt64Array([1n, -2n]), new Uint8Array(0)] },
  { name: 'long typed array', make: () => new Uint8Array(150).map((_, i) => i) },
  { name: 'array buffers', make: () => [new ArrayBuffer(2), new Uint8Array([1, 255, 16]).buffer, new ArrayBuffer(0)] },
  { name: 'big array buffer', make: () => new ArrayBuffer(120) },
  // other builtins
  { name: 'dates', make: () => [new Date(0), new Date(NaN), { at: new Date(Date.UTC(2024, 1, 29, 12, 30)) }] },
  { name: 'regexps', make: () => [/ab+c/gi, new RegExp('x/y'), { r: /z/ }] },
  { name: 'boxed primitives', make: () => [new Number(3), new String('str'), new Boolean(false), Object(1n), Object(Symbol('b')), new Number(-0)] },
  // showHidden (console.log's %o): hidden own keys, prototype accessors, typed array facts
  { name: 'showHidden on class instances', make: () => [new Secret(), new (class Box { constructor(public w = 1) {} get area(): number { return 1; } set side(_v: number) {} method(): void {} })()], options: { showHidden: true } },
  { name: 'showHidden on a subclass instance', make: () => { class A { get a(): number { return 1; } } class B extends A { get b(): number { return 2; } } return new B(); }, options: { showHidden: true } },
  { name: 'showHidden on a prototype with data', make: () => { const proto = { kind: 'animal', speak(): string { return ''; } }; return Object.assign(Object.create(proto), { name: 'rex' }); }, options: { showHidden: true } },
  { name: 'showHidden on functions and classes', make: () => [function f(_a: number) {}, () => 1, Point, Derived], options: { showHidden: true, depth: 4 } },
  { name: 'showHidden on typed arrays', make: () => [new Uint8Array([1, 2]), new Float64Array(0), new Int16Array(new ArrayBuffer(8), 2, 2)], options: { showHidden: true } },
  { name: 'showHidden on collections and errors', make: () => [new Map([[1, { a: 1 }]]), new Set(['x']), frameless(new Error('hidden')), Object.assign([1], { extra: 2 })], options: { showHidden: true } },
  { name: 'showHidden on a Map subclass', make: () => { class Registry extends Map<string, number> { get count(): number { return this.size; } } return new Registry([['a', 1]]); }, options: { showHidden: true } },
  // options
  { name: 'depth option', make: () => ({ a: { b: { c: 1 } } }), options: { depth: 0 } },
  { name: 'infinite depth', make: () => ({ a: { b: { c: { d: { e: { f: 1 } } } } } }), options: { depth: Infinity } },
  { name: 'narrow breakLength', make: () => ({ a: 1, b: [1, 2, 3] }), options: { breakLength: 10 } },
];

describe('inspect: the formatter prints real values exactly as node\'s util.inspect (compared live)', () => {
  it('prints weak collections under showHidden (their entries read in a node with --expose-internals)', () => {
    // Only V8 can list a weak collection's entries: a child node with its internals exposed does.
    const script = `
      const util = require('util');
      const { inspect } = require(${JSON.stringify(require.resolve('../../../../../src/lang/js/inspect/inspectValue'))});
      const { realValueHost } = require(${JSON.stringify(require.resolve('./realValueHost'))});
      const k1 = { id: 1 }, k2 = { id: 2 };
      const values = [new WeakMap(), new WeakMap([[k1, 'one'], [k2, ['two']]]), new WeakSet([k1, k2]), { nested: new WeakSet([k1]) }];
      process.stdout.write(JSON.stringify(values.map((v) => [inspect(realValueHost, v, { showHidden: true }), util.inspect(v, { showHidden: true })])));
    `;
    const run = spawnSync(process.execPath, ['--expose-internals', '--no-warnings', '-e', script], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    for (const [ours, node] of JSON.parse(run.stdout) as [string, string][]) assert.strictEqual(ours, node);
  });

  for (const c of cases) {
    it(c.name, () => {
      const value = c.make();
      const expected = util.inspect(value, c.options);
      assert.strictEqual(inspect(realValueHost, value, c.options), expected);
    });
  }
});
