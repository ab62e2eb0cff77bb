/*
 * A cycle under reference counting: two nodes that keep each other alive.
 *
 * This example runs with a reference-counting collector instead of V8's (the
 * `collector` setting below), the way CPython, Swift and Objective-C manage
 * memory: every object counts the references to it and is freed the moment its
 * count reaches zero. pair() makes two nodes that point at each other and then
 * forgets both. Their counts never reach zero.
 * (node itself traces from roots, so there it prints the same and frees them.)
 *
 * @atlas title: A cycle under reference counting: counts stuck at 1
 * @atlas collector: refcount
 * @atlas view: heap, counters
 * @atlas expect-stdout: made 300 pairs, kept none of them
 * @atlas expect-gc: cycle-collection 0
 * @atlas expect-growth: heapUsed >= 16 KiB
 * @atlas expect-exit: 0
 * @atlas done: refcountCycle.stuck when end
 */
class Node {
  constructor(name) {
    this.name = name;
    this.peer = null;
  }
}

function single(i) {
  const lone = new Node(`lone ${i}`); // @atlas say: First, a node with no cycle. Its count is 1: the variable `lone` refers to it. Watch its count in the Managed heap view.
  return lone.name.length; // @atlas say: When single() returns, `lone` goes away, the count drops to 0, and the node is freed on the spot. No collector has to look for it.
}

function pair(i) {
  const a = new Node(`a ${i}`);
  const b = new Node(`b ${i}`); // @atlas say: Two nodes, each with a count of 1 (held by `a` and by `b`).
  a.peer = b; // @atlas say: a.peer now refers to b as well: b's count becomes 2.
  b.peer = a; // @atlas say: And b.peer refers to a: a's count becomes 2. Each node is now held by a variable and by the other node.
  return a.name.length + b.name.length;
}

single(0);
let made = 0;
for (let i = 0; i < 300; i++) {
  // @atlas ask: pair() is next: it links two nodes, returns, and its variables `a` and `b` go away. What are the two nodes' counts after it returns?
  // @atlas choice: 0 each: both are freed
  // @atlas correct: 1 each: each is still held by the other
  // @atlas choice: 2 each: nothing changes
  // @atlas ask-when: i == 0
  // @atlas reveal: 1 each. Losing `a` and `b` took one reference from each node, but a.peer and b.peer still count. Nothing in the program can reach either node, and neither count will ever reach 0.
  // @atlas reveal: Reference counting only sees counts, not reachability: this pair is leaked. Find it in the Managed heap view, both counts at 1.
  pair(i);
  made++;
}
console.log(`made ${made} pairs, kept none of them`); // @atlas say: {made} pairs were made and dropped; every one of them is still in the heap, 600 nodes whose counts are stuck at 1.
// @atlas at-exit: Reference counting freed the lone node at once and not one of the 300 pairs. The heap grew by all of them.
// @atlas at-exit: Two ways out: a cycle collector that looks for such islands (cycle-collector.js), or a weak reference that does not count (weak-parent.js).
