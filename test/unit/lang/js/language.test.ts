import * as assert from 'node:assert/strict';
import { runJs } from './runJs';

// Each expected output was recorded by running the same snippet with node v20.20.2.
describe('JavaScript interpreter: the language', () => {
  it('let/const block scoping, the TDZ, closures over per-iteration bindings', () => {
    const r = runJs(`
const fs = [];
for (let i = 0; i < 3; i++) fs.push(() => i);
console.log(fs.map((f) => f()));
var vs = [];
for (var j = 0; j < 3; j++) vs.push(() => j);
console.log(vs.map((f) => f()));
{ let x = 1; { let x = 2; console.log(x); } console.log(x); }
try { console.log(t); let t = 1; } catch (e) { console.log(e.name + ': ' + e.message); }
const k = 1;
try { k = 2; } catch (e) { console.log(e.message); }
function counter() { let n = 0; return { inc: () => ++n, get: () => n }; }
const c = counter(); c.inc(); c.inc();
console.log(c.get());
`);
    assert.equal(r.stdout, "[ 0, 1, 2 ]\n[ 3, 3, 3 ]\n2\n1\nReferenceError: Cannot access 't' before initialization\nAssignment to constant variable.\n2\n");
  });

  it('expressions evaluated without a generator (names, literals, operators on numbers and strings, a string joined with another primitive) fall back to the conversions at the first object, once', () => {
    // valueOf runs once per use although the fast path read the operands before it met the object.
    const r = runJs(`
let calls = 0;
const o = { valueOf() { calls++; return 10; } };
const a = 1;
console.log(a + o, a < o, -a, !o, calls);
console.log(1 + '2', '3' * '4', 'a' < 'b', 'b' + 'c', NaN <= NaN, 0 === -0, null == undefined, 1n + 2n);
function early() { return z + 1; }
try { early(); } catch (e) { console.log(e.name + ': ' + e.message); }
let z = 5;
function missing() { return a + notDeclared; }
try { missing(); } catch (e) { console.log(e.name + ': ' + e.message); }
let s = 'x';
for (let i = 0; i < 3; i++) s += i;
let n = '7';
n++;
let c = 2;
c **= 3;
c -= o;
console.log(s, n, typeof n, c, calls);
const t = a ? (o ? 'o' : 'no') : 'na';
console.log(t, a && o && 3, 0 || '' || 'last', undefined ?? null ?? 4);
try { console.log(1n + 1); } catch (e) { console.log(e.name + ': ' + e.message); }
try { console.log(Symbol() + 1); } catch (e) { console.log(e.name + ': ' + e.message); }
console.log('k' + 1, 2 + 'k', 'b' + true, null + 's', 's' + undefined, 'n' + 10n, 's' + 1.5e21, 's' + -0, 's' + NaN);
try { console.log('a' + Symbol('q')); } catch (e) { console.log(e.name + ': ' + e.message); }
`);
    assert.equal(
      r.stdout,
      [
        '11 true -1 false 2',
        '12 12 true bc false true true 3n',
        "ReferenceError: Cannot access 'z' before initialization",
        'ReferenceError: notDeclared is not defined',
        'x012 8 number -2 3',
        'o 3 last 4',
        'TypeError: Cannot mix BigInt and other types, use explicit conversions',
        'TypeError: Cannot convert a Symbol value to a number',
        'k1 2k btrue nulls sundefined n10 s1.5e+21 s0 sNaN',
        'TypeError: Cannot convert a Symbol value to a string',
        '',
      ].join('\n'),
    );
  });

  it('a 3,000-term sum after a call evaluates as node does (each operator that may call is a small generator on the host stack)', () => {
    // node prints 3001; the evaluator's large generator frames overflowed the host stack here before.
    const r = runJs(`function f() { return 1; }\nconst x = f()${' + 1'.repeat(3000)};\nconsole.log(x);\n`);
    assert.equal(r.stdout, '3001\n');
  });

  it('`#x in o` tests the private name, and on a primitive throws the TypeError node throws', () => {
    const r = runJs(`class A { #x = 1; static has(o) { return #x in o; } }
console.log(A.has(new A()), A.has({}));
try { A.has(1); } catch (e) { console.log(e.name, e.message); }
`);
    // Recorded from node v20.
    assert.equal(r.stdout, "true false\nTypeError Cannot use 'in' operator to search for '#x' in 1\n");
  });

  it('classes: fields, #private, accessors, static, extends/super, instanceof', () => {
    const r = runJs(`
class Animal {
  #secret = 42;
  static count = 0;
  name;
  constructor(name) { this.name = name; Animal.count++; }
  speak() { return this.name + ' makes a sound'; }
  get secret() { return this.#secret; }
  set secret(v) { this.#secret = v; }
  static create(n) { return new this(n); }
  #hidden() { return 'h'; }
  reveal() { return this.#hidden() + (#secret in this); }
}
class Dog extends Animal {
  speak() { return super.speak() + ' (woof)'; }
}
const d = Dog.create('Rex');
d.secret = 7;
console.log(d.speak(), d.secret, Animal.count, d instanceof Animal, d instanceof Dog, d.reveal());
console.log(d, typeof Dog, Object.getPrototypeOf(Dog) === Animal);
try { Dog(); } catch (e) { console.log(e.message); }
`);
    assert.equal(r.stdout, "Rex makes a sound (woof) 7 1 true true htrue\nDog { name: 'Rex' } function true\nClass constructor Dog cannot be invoked without 'new'\n");
  });

  it('destructuring with defaults, spread and rest, template literals, optional chaining, ?? and logical assignment', () => {
    const r = runJs(`
const { a, b: { c = 3 } = {}, ...others } = { a: 1, d: 4, e: 5 };
const [x, , y = 10, ...zs] = [1, 2, undefined, 4, 5];
console.log(a, c, others, x, y, zs);
function f(p, q = p * 2, ...r) { return [p, q, r]; }
console.log(f(1), f(1, 5, 6, 7), Math.max(...[3, 9, 2]));
const o = { deep: { v: 0 } };
console.log(o?.deep?.v, o.missing?.v, o.missing?.(), o.deep.v ?? 'none', null ?? 'none');
let m = null; m ??= 'set'; let n = 1; n &&= 2; let z = 0; z ||= 3;
console.log(m, n, z, \`\${a} + \${x} = \${a + x}\`);
console.log({ ...o.deep, w: 1 }, [..."hi"], typeof null, 'a' in { a: 1 }, delete o.deep, o);
`);
    assert.equal(r.stdout, "1 3 { d: 4, e: 5 } 1 10 [ 4, 5 ]\n[ 1, 2, [] ] [ 1, 5, [ 6, 7 ] ] 9\n0 undefined undefined 0 none\nset 2 3 1 + 1 = 2\n{ v: 0, w: 1 } [ 'h', 'i' ] object true true {}\n");
  });

  it('exceptions: try/catch/finally (finally overriding), custom errors, loops with labels, switch', () => {
    const r = runJs(`
function g() { try { return 'try'; } finally { console.log('finally runs'); } }
console.log(g());
function h() { try { throw new Error('x'); } catch (e) { return 'caught ' + e.message; } finally { return 'finally wins'; } }
console.log(h());
class MyError extends Error { constructor(m) { super(m); this.name = 'MyError'; } }
try { throw new MyError('bad'); } catch (e) { console.log(e.name, e.message, e instanceof MyError, e instanceof Error, String(e)); }
outer: for (let i = 0; i < 3; i++) { for (let j = 0; j < 3; j++) { if (j === 1) continue outer; if (i === 2) break outer; console.log(i, j); } }
let k = 0; do { k++; } while (k < 5); console.log(k);
for (const key in { p: 1, q: 2 }) console.log(key);
switch ('b') { case 'a': console.log('a'); case 'b': console.log('b'); case 'c': console.log('c'); break; default: console.log('default'); }
`);
    assert.equal(r.stdout, 'finally runs\ntry\nfinally wins\nMyError bad true true MyError: bad\n0 0\n1 0\n5\np\nq\nb\nc\n');
  });

  it('generators and iterators: yield, yield*, return(), a custom iterable in for-of and spread', () => {
    const r = runJs(`
function* inner() { yield 'a'; yield 'b'; return 'r'; }
function* outer() { const r = yield* inner(); yield r; try { yield 1; } finally { console.log('cleanup'); } }
console.log([...outer()]);
const it = outer(); it.next(); it.next(); it.next(); it.next();
console.log(it.return(5), it.next());
const range = { from: 1, to: 4, [Symbol.iterator]() { let v = this.from; const to = this.to; return { next: () => v <= to ? { value: v++, done: false } : { value: undefined, done: true } }; } };
for (const v of range) console.log(v);
console.log(Array.from(range, (v) => v * v));
function* fib() { let [a, b] = [0, 1]; for (;;) { yield a; [a, b] = [b, a + b]; } }
const out = []; for (const f of fib()) { if (f > 20) break; out.push(f); }
console.log(out.join(' '));
`);
    assert.equal(r.stdout, "cleanup\n[ 'a', 'b', 'r', 1 ]\ncleanup\n{ value: 5, done: true } { value: undefined, done: true }\n1\n2\n3\n4\n[ 1, 4, 9, 16 ]\n0 1 1 2 3 5 8 13\n");
  });

  // The interpreter's errors have no stack frames: stderr is what `node --stack-trace-limit=0` writes.
  it('an uncaught exception: node\'s message on stderr and status 1', () => {
    const r = runJs("console.log('before');\nfunction f() {\n  throw new TypeError('boom');\n}\nf();\nconsole.log('never');\n");
    assert.equal(r.stdout, 'before\n');
    assert.equal(r.code, 1);
    assert.equal(r.stderr, "test.js:3\n  throw new TypeError('boom');\n  ^\n\n[TypeError: boom]\n\nNode.js v20.20.2\n");
  });
});
