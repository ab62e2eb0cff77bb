/*
 * The cycle collector: reference counting with a tracing helper.
 *
 * The same pairs as two-nodes.js, under `refcount+cycles`: counts as before,
 * plus a cycle collector like CPython's. Every 700 allocations it looks at the
 * objects that might be part of a cycle, subtracts the references they hold to
 * each other ("trial deletion"), and any group whose counts all fall to zero
 * that way is held only by itself: garbage, freed together.
 * (node itself traces from roots, so there it prints the same and frees them.)
 * On your own machine: node --expose-gc cycle-collector.js
 *
 * @atlas title: The cycle collector finds the pairs that counting cannot
 * @atlas collector: refcount+cycles
 * @atlas view: heap, counters
 * @atlas expect-stdout: made 300 pairs, kept none of them
 * @atlas expect-gc: cycle-collection >= 1
 * @atlas expect-growth: heapUsed < 16 KiB
 * @atlas expect-exit: 0
 * @atlas done: refcountCycle.collected when end
 */
class Node {
  constructor(name) {
    this.name = name;
    this.peer = null;
  }
}

function pair(i) {
  const a = new Node(`a ${i}`);
  const b = new Node(`b ${i}`);
  a.peer = b;
  b.peer = a; // @atlas say: The same cycle as before: a and b each have a count of 2 until pair() returns, then 1.
  return a.name.length + b.name.length;
}

let made = 0;
for (let i = 0; i < 300; i++) {
  // @atlas ask: Counting alone left every pair in the heap. This time a cycle collector runs every 700 allocations. What happens to the pairs?
  // @atlas choice: They all stay: their counts still never reach zero
  // @atlas correct: They pile up between runs, and each run frees the ones made since the last
  // @atlas choice: Each pair is freed as soon as pair() returns
  // @atlas ask-when: i == 0
  // @atlas reveal: They pile up, then go in a batch. A run of the cycle collector found that all of each pair's count came from inside the pair, so nothing outside held it.
  // @atlas reveal: Between runs the pairs pile up (the Counters view shows a saw-tooth), which is why a CPython program can grow between collections.
  pair(i);
  made++;
}
global.gc(); // @atlas say: The pairs made since the last run are still here. global.gc() runs the cycle collector now, as gc.collect() does in Python.
console.log(`made ${made} pairs, kept none of them`); // @atlas say: Now the heap is back to where it started: no pair is left.
// @atlas at-exit: The cycle collector freed every pair. It costs a walk over the suspected objects each time, which is the price counting was meant to avoid. Python pays it; Swift does not, and asks for weak references instead.
