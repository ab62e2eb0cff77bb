/*
 * Mark and sweep: the collector starts at the roots and keeps what it reaches.
 *
 * Six boxes, A to F. A points to B, B to C; D points to E; F is made and then
 * forgotten. A full collection starts at the roots (here the module's variables
 * `first` and `second`), follows every reference, marks each object it gets to,
 * and then sweeps: whatever was not marked is free space again. F carries a big
 * array, so its freeing shows in heapUsed.
 * On your own machine: node --expose-gc mark-and-sweep.js
 *
 * @atlas title: Mark and sweep: from the roots, with three colours
 * @atlas view: heap, counters
 * @atlas expect-stdout: reachable from the roots: A B C D E
 * @atlas expect-stdout: heap shrank by at least 64 KiB in the collection: yes
 * @atlas expect-gc: mark-sweep >= 1, scavenge 0
 * @atlas expect-exit: 0
 * @atlas done: garbageCollection.marked when end
 */
class Box {
  constructor(name, next = null) {
    this.name = name;
    this.next = next;
    this.load = null;
  }
}

/** The names of every box reachable from `roots`, by following `next` (what marking does, on a tiny scale). */
function reachable(roots) {
  const names = [];
  for (const root of roots) {
    for (let box = root; box !== null; box = box.next) names.push(box.name);
  }
  return names.join(' ');
}

function makeGarbage() {
  const lost = new Box('F'); // @atlas say: F lives only in this call's variable `lost`. When makeGarbage returns, nothing refers to it.
  lost.load = new Array(10000).fill(0); // 10,000 numbers, about 80 KiB, that only F refers to
  return lost.name;
}

const first = new Box('A', new Box('B', new Box('C'))); // @atlas say: A → B → C: the variable `first` is a root, and B and C are reachable through it.
const second = new Box('D', new Box('E'));
makeGarbage(); // @atlas say: F and its 80 KiB array are made and dropped. They stay in the heap until a collection finds them.
const before = process.memoryUsage().heapUsed;
// @atlas ask: A full mark-and-sweep collection runs now. Which boxes does the marking reach?
// @atlas choice: All six: every box was made by this program
// @atlas correct: A, B, C, D and E: F cannot be reached from any root
// @atlas choice: Only A and D: the roots themselves
// @atlas reveal: A to E. Marking starts with the roots grey (found, not yet looked inside); it takes a grey object, greys everything it points to, and turns it black (done).
// @atlas reveal: When no grey is left, every black object is reachable and every white one is not: F and its array stayed white, and the sweep freed them.
global.gc();
const after = process.memoryUsage().heapUsed;
console.log(`reachable from the roots: ${reachable([first, second])}`);
console.log(`heap shrank by at least 64 KiB in the collection: ${before - after >= 64 * 1024 ? 'yes' : 'no'}`); // @atlas say: The sweep gave F's space back: heapUsed fell by at least its 80 KiB.
// @atlas at-exit: A tracing collector never looks at garbage: it finds the living, and everything else is free by elimination. Its cost grows with what is alive, not with what died.
// @atlas at-exit: V8 marks in small slices between the program's own steps (incremental marking); a write barrier re-greys anything the program stores into a black object while marking is under way, so nothing live is missed.
