import * as assert from 'node:assert/strict';
import { SlotPlayground } from '../../../../src/engine/heap/playground/slotPlayground';
import type { PlaygroundView } from '../../../../src/shared/slotPlayground';

/** The slots as a string: . free, # tags, the block's letter for payload, x dead. */
function row(v: PlaygroundView): string {
  return v.slots.map((s) => (s.state === 'free' ? '.' : s.state === 'tags' ? '#' : s.state === 'dead' ? 'x' : s.block!.toLowerCase())).join('');
}

describe("the seed's 24-slot heap on the engine's allocators", () => {
  it('first-fit: allocate, free a middle block, a small request fills the hole, a big one fails though 9 slots are free', () => {
    const p = new SlotPlayground('first-fit');
    assert.equal(row(p.view()), '.'.repeat(24));
    for (const slots of [3, 2, 4, 3, 2]) p.allocate(slots); // A..E take 4, 3, 5, 4, 3 slots
    assert.equal(row(p.view()), '#aaa#bb#cccc#ddd#ee.....');
    p.free('B');
    p.free('D');
    const holes = p.view();
    assert.equal(row(holes), '#aaa...#cccc....#ee.....');
    assert.deepEqual([holes.allocatedSlots, holes.freeRuns, holes.largestFreeRun, holes.blocks.length], [12, 3, 5, 3]);
    assert.equal(p.allocate(1), 'F', 'a 1-slot request takes the first hole');
    // 2 slots (tags and payload) would leave 1, too small for a free block (2 slots): F gets all 3.
    assert.equal(row(p.view()), '#aaa#ff#cccc....#ee.....');
    assert.match(p.view().message, /block F at slot 4: 3 slots, one of them the allocator's tags, and 1 left over/);
    assert.equal(p.allocate(6), undefined, '7 slots in a row: none, with 9 free');
    assert.match(p.view().message, /needs 7 slots in a row .* the largest free run has 5/);
    assert.equal(p.view().failedRequests, 1);
  });

  it('best-fit takes the hole that fits best; the arena never reuses a freed block below its top', () => {
    const best = new SlotPlayground('best-fit');
    for (const slots of [3, 1, 2, 1]) best.allocate(slots); // #aaa#b#cc#d
    best.free('A');
    best.free('C');
    best.allocate(1);
    assert.equal(row(best.view()), '....#b#ee#d.............', 'the 3-slot hole (whole: 1 slot would be too small to split off), not the 4-slot one');
    const bump = new SlotPlayground('bump');
    for (const slots of [2, 2, 2]) bump.allocate(slots);
    bump.free('A');
    assert.equal(row(bump.view()), 'xxx#bb#cc...............');
    bump.free('C');
    assert.equal(row(bump.view()), 'xxx#bb...................'.slice(0, 24), 'the top block goes back at once');
  });
});
