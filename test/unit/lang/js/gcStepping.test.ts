import * as assert from 'node:assert/strict';
import { stepJs } from './runJs';
import type { StopEvent, StoppedEvent } from '../../../../src/session/sessionEvents';
import { JsProgram } from '../../../../src/lang/js/program/jsProgram';
import { Session } from '../../../../src/session/session';

/** A survivor, then garbage until new space fills (a scavenge task starts at a safepoint), then the survivor used. */
const SOURCE = `const keep = { name: 'survivor' };
let junk;
for (let i = 0; i < 40000; i++) junk = { i };
console.log(keep.name, junk.i);
`;

function gcStop(stop: StopEvent): StoppedEvent {
  assert.equal(stop.kind, 'stopped');
  assert.equal((stop as StoppedEvent).reason, 'gc', JSON.stringify(stop));
  return stop as StoppedEvent;
}

function survivorAddress(s: Session<JsProgram>): string {
  const heap = s.snapshot().managedHeap!;
  const o = heap.objects.find((x) => x.line === 1 && x.label === 'Object');
  assert.ok(o, 'the survivor is on the heap');
  return o.address;
}

describe('JavaScript: stopping where a garbage collection starts and stepping through its work', () => {
  it('without gc stops, a run never stops for a collection', () => {
    const s = stepJs(SOURCE);
    const stop = s.continue();
    assert.equal(stop.kind, 'exited');
    assert.ok(s.program.managedMemory().collections.some((e) => e.kind === 'scavenge'));
  });

  it('stops before a scavenge does any work, then Step Into does one unit at a time: roots, copies (the survivor moves), the end', () => {
    const s = stepJs(SOURCE);
    s.setGcStops(true);
    const start = gcStop(s.continue());
    assert.equal(start.collection?.kind, 'scavenge');
    assert.equal(start.collection?.units, 0);
    assert.match(start.message!, /^A scavenge starts \(scavenge task: new space 80% full\)/);
    assert.equal(start.line, 3, 'before a statement of the loop');
    const at = s.steps;
    const before = survivorAddress(s);
    const gc = s.snapshot().managedHeap!.gc;
    assert.equal(gc?.kind, 'scavenge');
    assert.equal(gc?.phase, 'roots');
    const phases: string[] = [];
    let units = 0;
    let moved = false;
    let stop: StoppedEvent = start;
    for (let i = 0; i < 100 && !stop.collection?.finished; i++) {
      stop = gcStop(s.stepIn());
      assert.equal(s.steps, at, 'a unit of GC work is no statement');
      assert.equal(stop.collection!.units, units + 1, 'one unit a step');
      units = stop.collection!.units;
      phases.push(stop.collection!.phase);
      if (!stop.collection!.finished && survivorAddress(s) !== before) moved = true;
      const colours = s.snapshot().managedHeap!.gc?.counts;
      if (!stop.collection!.finished) assert.ok(colours, 'the colours of the collection in progress are in the snapshot');
    }
    assert.ok(stop.collection?.finished, 'the scavenge finished within 100 units');
    assert.ok(phases.includes('roots') && phases.includes('copy'), phases.join(','));
    assert.ok(moved, 'the survivor was copied while stepping through the units');
    assert.notEqual(survivorAddress(s), before);
    assert.match(stop.message!, /^Scavenge finished after \d+ units: \d+ bytes freed/);
    assert.equal(s.snapshot().managedHeap!.gc, undefined, 'no collection in progress after the last unit');
    // Step Into goes on with the statement the collection came before.
    const next = s.stepIn();
    assert.equal(next.kind === 'stopped' && next.reason, 'step');
    assert.equal(s.steps, at + 1);
  });

  it('Step Over at a gc stop finishes the collection; the run is the same as one without stops', () => {
    const plain = stepJs(SOURCE);
    plain.continue();
    const s = stepJs(SOURCE);
    s.setGcStops(true);
    gcStop(s.continue());
    s.stepIn();
    s.stepIn();
    const over = s.stepOver();
    assert.equal(over.kind === 'stopped' && over.reason, 'step');
    assert.equal(s.snapshot().managedHeap!.gc, undefined);
    s.setGcStops(false);
    assert.equal(s.continue().kind, 'exited');
    assert.equal(s.program.interp!.stdout, plain.program.interp!.stdout);
    const events = (p: Session<JsProgram>) => p.program.managedMemory().collections.map((e) => `${e.kind}@${e.atStep}:${e.freedBytes}/${e.promotedBytes}/${e.pauseSteps}`);
    assert.deepEqual(events(s), events(plain));
    assert.deepEqual(s.program.managedMemory().usage, plain.program.managedMemory().usage);
  });

  it('stepping back from inside a collection goes to the statement before it, and forward stops there again', () => {
    const s = stepJs(SOURCE);
    s.setGcStops(true);
    const start = gcStop(s.continue());
    const at = s.steps;
    s.stepIn();
    const back = s.stepBack();
    assert.equal(back.kind === 'stopped' && back.steps, at - 1);
    assert.equal(s.snapshot().managedHeap!.gc, undefined, 'before the collection started');
    const again = gcStop(s.stepIn());
    assert.equal(again.steps, start.steps);
    assert.equal(again.collection?.units, 0);
  });

  it('continuing from a gc stop stops at the next collection that starts', () => {
    const s = stepJs(SOURCE);
    s.setGcStops(true);
    const first = gcStop(s.continue());
    const second = gcStop(s.continue());
    assert.ok(second.steps > first.steps);
    assert.equal(s.program.managedMemory().collections.filter((e) => e.kind === 'scavenge').length >= 1, true);
  });

  it('a mark-sweep started at a safepoint (old generation past its limit) is stepped through its roots and marking, the program running between its increments', () => {
    const src = `const keep = [];
for (let i = 0; i < 60000; i++) keep.push({ i, pad: [i, i, i, i] });
console.log(keep.length);
`;
    const s = stepJs(src);
    s.setGcStops(true);
    let stop = s.continue();
    for (let i = 0; i < 200 && stop.kind === 'stopped' && stop.collection?.kind !== 'mark-sweep'; i++) stop = s.continue();
    const start = gcStop(stop);
    assert.equal(start.collection?.kind, 'mark-sweep');
    assert.match(start.message!, /old generation past its limit/);
    const phases = new Set<string>();
    let unit = gcStop(s.stepIn());
    while (unit.kind === 'stopped' && unit.reason === 'gc') {
      phases.add(unit.collection!.phase);
      const next = s.stepIn();
      if (next.kind !== 'stopped' || next.reason !== 'gc') break;
      unit = next;
    }
    assert.ok(phases.has('roots'), [...phases].join(','));
    assert.equal(unit.collection?.continuesIncrementally, true, 'the last unit of the safepoint says the marking goes on');
    assert.match(unit.message!, /the rest runs in increments between the next statements/);
    assert.equal(unit.collection?.units, 32, "a safepoint's share is 32 units");
    // The safepoint's share done, the marking goes on over the next statements (incremental).
    const gc = s.snapshot().managedHeap!.gc;
    assert.ok(gc && (gc.kind === 'mark-sweep' || gc.kind === 'mark-compact'), 'still marking while the program runs');
  });
});

describe('JavaScript under reference counting with the cycle collector: a gc stop at a cycle collection', () => {
  it('stops where trial deletion starts and steps it to the end, freeing the cycles', () => {
    const src = `for (let i = 0; i < 400; i++) {
  const a = { name: 'a' };
  const b = { name: 'b', a };
  a.b = b;
}
console.log('done');
`;
    const program = JsProgram.create(src, 'cycles.js', { collector: 'refcount+cycles' });
    const s = new Session(program);
    s.setGcStops(true);
    const start = gcStop(s.continue());
    assert.equal(start.collection?.kind, 'cycle-collection');
    let stop = start;
    for (let i = 0; i < 20_000 && !stop.collection?.finished; i++) stop = gcStop(s.stepIn());
    assert.ok(stop.collection?.finished, 'finished');
    assert.ok(stop.collection!.finished!.freedBytes > 0, 'the cycles were freed');
    assert.match(stop.message!, /^Cycle collection finished after \d+ units: [1-9]\d* bytes freed/);
  });
});
