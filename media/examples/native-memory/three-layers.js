/*
 * Three layers, three answers: who sees which memory.
 *
 * "How much memory does this program use?" has three answers. The kernel
 * counts the pages the process has in RAM (rss). V8 counts what is on its
 * heap (heapUsed, inside heapTotal). The C allocator under both knows the
 * blocks it handed out, among them the bytes of every Buffer, which V8 reports
 * as external. This program grows the heap first, then native memory, and says
 * which figures moved each time.
 * On your own machine: node --expose-gc three-layers.js
 *
 * @atlas title: The three layers: the kernel, V8 and the allocator disagree
 * @atlas view: counters, address-space
 * @atlas expect-stdout: 30000 objects: rss grew, heapUsed grew, external flat
 * @atlas expect-stdout: 16 MiB of buffers: rss grew, heapUsed flat, external grew
 * @atlas expect-stdout: still holding 30000 people and 16 files
 * @atlas expect-stdout: heapUsed <= heapTotal <= rss: yes
 * @atlas expect-growth: rss >= 18 MiB, heapUsed >= 1 MiB, external >= 16 MiB
 * @atlas expect-exit: 0
 * @atlas done: nativeMemory.layers when end
 */
const MiB = 1024 * 1024;

/** Which figures moved by more than 1 MiB between two readings of process.memoryUsage(). */
function moved(before, after) {
  const word = (figure) => `${figure} ${after[figure] - before[figure] > MiB ? 'grew' : 'flat'}`;
  return `${word('rss')}, ${word('heapUsed')}, ${word('external')}`;
}

function makePeople(count) {
  const people = [];
  for (let i = 0; i < count; i++) {
    people.push({ id: i, name: `person ${i}` }); // @atlas say: Each person is a small object and a short string, both on V8's heap. 30,000 of them make a few MiB.
  }
  return people;
}

function readFiles(count) {
  const files = [];
  for (let i = 0; i < count; i++) {
    // @atlas ask: Now 16 Buffers of 1 MiB, filled. Which figures will move this time?
    // @atlas choice: rss, heapUsed and external, as before plus external
    // @atlas correct: rss and external; heapUsed stays flat
    // @atlas choice: Only external: rss counts the heap only
    // @atlas ask-when: i == 0
    // @atlas reveal: rss and external. The bytes of a Buffer come from the C allocator, outside V8's heap, so heapUsed hardly moves; the kernel still had to give the process the pages, so rss grew.
    // @atlas reveal: The Address space view shows the new mappings, one per Buffer, in the mmap area.
    files.push(Buffer.alloc(MiB, i));
  }
  return files;
}

global.gc();
const start = process.memoryUsage();
const people = makePeople(30000);
global.gc(); // @atlas say: A full collection first, so that the reading counts only what is alive, not garbage waiting to be collected.
const afterObjects = process.memoryUsage();
console.log(`30000 objects: ${moved(start, afterObjects)}`); // @atlas say: heapUsed grew, and so did rss: V8 had to ask the kernel for more pages to put the objects in. When both grow together, the pressure is on the JavaScript heap.

const files = readFiles(16);
global.gc();
const end = process.memoryUsage();
console.log(`16 MiB of buffers: ${moved(afterObjects, end)}`);
console.log(`still holding ${people.length} people and ${files.length} files`);
console.log(`heapUsed <= heapTotal <= rss: ${end.heapUsed <= end.heapTotal && end.heapTotal <= end.rss ? 'yes' : 'no'}`); // @atlas say: The layers nest: live objects fit in V8's reserved heap, and the heap is part of the process's RAM, with code, stacks, libraries and native memory beside it.
// @atlas at-exit: rss is the kernel's answer, heapUsed V8's, external the part of the allocator's that V8 knows of. They disagree by design, and how they disagree says where to look:
// @atlas at-exit: rss with heapUsed means JavaScript objects; rss without heapUsed means native memory, which a heap snapshot cannot show.
