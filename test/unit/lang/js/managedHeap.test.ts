import * as assert from 'node:assert/strict';
import { JsProgram, type JsProgramOptions } from '../../../../src/lang/js/program/jsProgram';
import { Session } from '../../../../src/session/session';
import { isInspectionError } from '../../../../src/engine/program/programInspector';
import { runJs } from './runJs';

/** A program stopped at each of `lines` in turn; `at` is called at each stop. */
function stopAt(source: string, lines: number[], at: (program: JsProgram, line: number) => void, options: JsProgramOptions = {}): JsProgram {
  const program = JsProgram.create(source, 'heap.js', options);
  const session = new Session(program, { noCheckpoints: true });
  session.setBreakpoints(lines);
  for (;;) {
    const stop = session.continue();
    if (stop.kind !== 'stopped') break;
    at(program, stop.line);
  }
  return program;
}

/** The heap's own invariant check at every 200th statement of a run (edges to freed objects, missed barriers). */
function verifiedRun(source: string, options: JsProgramOptions = {}): { program: JsProgram; problems: string[] } {
  const program = JsProgram.create(source, 'verify.js', options);
  const problems: string[] = [];
  program.driver = {
    shouldPause: () => {
      problems.push(...program.jsMachine.heap.verify());
      program.nextCheck = program.steps + 200;
      return false;
    },
    output: () => undefined,
  };
  program.nextCheck = 0;
  while (program.run() === 'paused') { /* the driver never pauses */ }
  return { program, problems };
}

describe('JavaScript on the managed heap', function () {
  this.timeout(120000);

  it('a scavenge copies a survivor (its address changes), and a second promotes it to old space', () => {
    const source = `const keep = { name: 'survivor' };
let junk;
for (let round = 0; round < 3; round++) {
  for (let i = 0; i < 20000; i++) junk = { i };
  console.log(round);
}
console.log(keep.name);
`;
    const seen: { address: number; place: string }[] = [];
    const program = stopAt(source, [2, 5], (p) => {
      const v = p.inspector.evaluate('keep', 0, 'watch');
      assert.ok(!isInspectionError(v));
      seen.push({ address: v.address!, place: v.place!.text });
    });
    assert.equal(program.interp!.stdout, '0\n1\n2\nsurvivor\n');
    const scavenges = program.jsMachine.heap.events().filter((e) => e.kind === 'scavenge');
    assert.ok(scavenges.length >= 2, `scavenges: ${scavenges.length}`);
    assert.ok(scavenges.some((e) => e.promotedBytes > 0));
    // Made in new space; copied by the first scavenge (round 0), promoted by the second (round 1), then it stays.
    assert.match(seen[0].place, /new space .*not yet scavenged/);
    assert.match(seen[1].place, /new space .*survived 1 scavenge/);
    assert.match(seen[2].place, /old space/);
    assert.notEqual(seen[0].address, seen[1].address);
    assert.notEqual(seen[1].address, seen[2].address);
    assert.equal(seen[3].address, seen[2].address);
  });

  it('reference counting frees at once but leaks a cycle; the cycle collector reclaims it', () => {
    const source = `function pair() { const a = { name: 'a' }; const b = { name: 'b', a }; a.b = b; }
pair();
global.gc();
console.log('done');
`;
    const leaky = runJs(source, { collector: 'refcount' }).program;
    const heap = leaky.jsMachine.heap;
    const cycles = heap.leakedCycles();
    assert.equal(cycles.length, 1);
    assert.equal(cycles[0].length, 2);
    const collected = runJs(source, { collector: 'refcount+cycles' }).program.jsMachine.heap;
    assert.deepEqual(collected.leakedCycles(), []);
    assert.ok(collected.events().some((e) => e.kind === 'cycle-collection' && e.freedBytes > 0));
  });

  it('an unbounded Map cache grows across collections, retained from the module-level Map', () => {
    const source = `const cache = new Map();
function lookup(key) {
  if (!cache.has(key)) cache.set(key, { key, payload: new Array(50).fill(key) });
  return cache.get(key);
}
for (let i = 0; i < 4000; i++) lookup(i);
console.log(cache.size);
`;
    const { program } = { program: runJs(source).program };
    const heap = program.jsMachine.heap;
    assert.equal(program.interp!.stdout, '4000\n');
    assert.ok(heap.events().length >= 2, 'collections ran');
    const cache = program.interp!.globalScope.vars.get('cache')!.value as import('../../../../src/lang/js/interp/values').JsObject;
    const entry = cache.mapData!.get(3999) as import('../../../../src/lang/js/interp/values').JsObject;
    const path = heap.retainerPath(entry.ref)!;
    assert.equal(path.root.kind, 'module');
    assert.ok([path.root.name, ...path.steps.map((s) => s.edge)].includes('cache'), JSON.stringify(path));
    assert.ok(heap.usage().heapUsed > 4000 * 50 * 8, 'the entries are all alive');
  });

  it('a string grown by `+` is a chain of 32-byte ConsStrings, as in V8, and growing it stays linear', () => {
    const { program, problems } = verifiedRun(`let s = 'a string long enough to live on the heap';
for (let i = 0; i < 20000; i++) s = s + '.';
const again = s;
console.log(s.length, again === s);
`);
    assert.deepEqual(problems, []);
    assert.equal(program.interp!.stdout, '20040 true\n');
    const strings = [...program.jsMachine.heap.objects()].filter((o) => o.kind === 'string');
    const cons = strings.filter((o) => o.label === '(concatenated string)');
    // Every result is alive (each is the first half of the next): 20,000 ConsStrings of 32 bytes,
    // and the flat literal at the bottom of the chain.
    assert.equal(cons.length, 20000);
    assert.ok(cons.every((o) => o.bytes === 32));
    assert.deepEqual(strings.filter((o) => o.label === '(string)').map((o) => o.bytes), [56]);
  });

  // node v20.20.2 prints '8388648 8388608' (its external counts 40 bytes of its own) and 'true true'.
  it('Buffers grow rss and external while heapUsed stays flat', () => {
    const r = runJs(`const before = process.memoryUsage();
const kept = [];
for (let i = 0; i < 32; i++) kept.push(Buffer.alloc(256 * 1024, 1));
const after = process.memoryUsage();
console.log(after.external - before.external, after.arrayBuffers - before.arrayBuffers);
console.log(after.rss - before.rss > 8 * 1024 * 1024, after.heapUsed - before.heapUsed < 64 * 1024);
`);
    assert.equal(r.stdout, '8388608 8388608\ntrue true\n');
  });

  it('a listener leak found by comparing two stops: the closures added between them are still alive', () => {
    const source = `const EventEmitter = require('events');
const bus = new EventEmitter();
bus.setMaxListeners(0);
function subscribe(id) { bus.on('tick', () => id); }
for (let i = 0; i < 10; i++) subscribe(i);
for (let i = 10; i < 60; i++) subscribe(i);
console.log(bus.listenerCount('tick'));
`;
    let mark = 0;
    let groups: readonly { label: string; count: number }[] = [];
    stopAt(source, [6, 7], (p, line) => {
      // Line 6 is a loop header (a stop for its init, each test and update): mark at the first.
      if (line === 6 && mark === 0) mark = p.jsMachine.heap.allocationMark();
      else groups = p.jsMachine.heap.liveAllocatedBetween(mark);
    });
    const closures = groups.find((g) => g.label === '(anonymous)');
    assert.ok(closures && closures.count >= 50, JSON.stringify(groups.slice(0, 5)));
  });

  it('WeakRef targets are kept to the end of the job, then cleared by a collection; FinalizationRegistry callbacks run', () => {
    const r = runJs(`let wr;
(function () { wr = new WeakRef({ big: true }); })();
const reg = new FinalizationRegistry((held) => console.log('finalized', held));
(function () { reg.register({}, 'temp'); })();
global.gc();
console.log('same job:', wr.deref());
setTimeout(() => { global.gc(); console.log('next job:', wr.deref()); }, 0);
`);
    // Recorded with node --expose-gc v20.20.2.
    assert.equal(r.stdout, "same job: { big: true }\nfinalized temp\nnext job: undefined\n");
  });

  it('the heap stays sound (verify) through closures, generators, promises, classes and collections, in every mode', () => {
    const source = `class Item { constructor(n) { this.n = n; this.tags = ['t' + n]; } }
const byId = new Map(); const seen = new Set(); const meta = new WeakMap();
function* items(n) { for (let i = 0; i < n; i++) yield new Item(i); }
const counters = [];
for (const it of items(3000)) {
  byId.set(it.n % 500, it); seen.add(it.n % 700); meta.set(it, { at: it.n });
  counters.push(((k) => () => k)(it.n));
  if (counters.length > 300) counters.splice(0, 100);
}
async function work(n) { let s = 0; for (let i = 0; i < n; i++) { s += await Promise.resolve(i); } return s; }
work(200).then((s) => console.log('sum', s, byId.size, seen.size, counters.length));
`;
    for (const collector of ['generational', 'refcount', 'refcount+cycles'] as const) {
      const { program, problems } = verifiedRun(source, { collector });
      assert.deepEqual(problems.slice(0, 3), [], collector);
      assert.equal(program.interp!.stdout, 'sum 19900 500 700 300\n', collector);
    }
  });
});
