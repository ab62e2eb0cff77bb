/*
 * Native memory: Buffers live outside the JavaScript heap.
 *
 * A program reads a file in 1 MiB chunks and keeps every chunk in an array.
 * Each Buffer is two things: a small JavaScript object on V8's heap, and its
 * bytes, which V8 does not hold: node asks the C allocator for them (and the C
 * allocator asks the kernel with mmap, since 1 MiB is over its threshold). So
 * the process grows by 32 MiB while the JavaScript heap barely moves.
 * On your own machine: node --expose-gc buffers.js
 *
 * @atlas title: Buffers: rss and external climb, heapUsed stays flat
 * @atlas view: counters, heap
 * @atlas expect-stdout: kept 32 chunks of 1 MiB
 * @atlas expect-stdout: external grew by 32 MiB
 * @atlas expect-stdout: arrayBuffers grew by 32 MiB
 * @atlas expect-stdout: rss grew by at least 30 MiB: yes
 * @atlas expect-stdout: heapUsed grew by at least 1 MiB: no
 * @atlas expect-growth: rss >= 30 MiB, external >= 32 MiB, heapUsed < 1 MiB, rss > 20 x heapUsed
 * @atlas expect-exit: 0
 * @atlas done: nativeMemory.buffers when end
 */
const MiB = 1024 * 1024;
const yesNo = (fact) => (fact ? 'yes' : 'no');

global.gc();
const start = process.memoryUsage(); // @atlas say: process.memoryUsage() asks for five figures at once: rss (what the kernel gives the process), heapTotal and heapUsed (V8's heap), external and arrayBuffers (memory V8 knows about but does not hold).
const chunks = [];
for (let i = 0; i < 32; i++) {
  // @atlas ask: Buffer.alloc(1 MiB) is next, and its bytes are filled. Which figure grows by 1 MiB?
  // @atlas choice: heapUsed: everything a JavaScript program makes is on the heap
  // @atlas correct: rss and external, not heapUsed
  // @atlas choice: None: the chunk is not kept yet
  // @atlas ask-when: i == 0
  // @atlas reveal: rss and external. The Buffer object on V8's heap is under a hundred bytes; its 1 MiB of bytes came from the C allocator, in a mapping of its own (look in the Address space view).
  // @atlas reveal: Filling them touched all 256 pages, so the kernel gave the process 1 MiB more of RAM: rss. V8 counts the bytes as external, but they are not in its heap.
  const chunk = Buffer.alloc(MiB, i);
  chunks.push(chunk); // @atlas say: Chunk {i} is kept. Watch the Counters view: rss climbs a step per chunk while the heap stays level.
}
const now = process.memoryUsage();
const grew = (figure) => now[figure] - start[figure];
console.log(`kept ${chunks.length} chunks of 1 MiB`);
console.log(`external grew by ${Math.round(grew('external') / MiB)} MiB`);
console.log(`arrayBuffers grew by ${Math.round(grew('arrayBuffers') / MiB)} MiB`);
console.log(`rss grew by at least 30 MiB: ${yesNo(grew('rss') >= 30 * MiB)}`);
console.log(`heapUsed grew by at least 1 MiB: ${yesNo(grew('heapUsed') >= MiB)}`); // @atlas say: 32 MiB more in RAM, and V8's heap grew by a few kilobytes: 32 small Buffer objects and an array.
// @atlas at-exit: A heap snapshot of this program would show 32 small Buffer objects and nothing alarming. The memory is in the room next door: native memory, which only rss and external reveal.
// @atlas at-exit: When rss grows and heapUsed stays flat, look outside the JavaScript heap: Buffers, native add-ons, the runtime itself.
