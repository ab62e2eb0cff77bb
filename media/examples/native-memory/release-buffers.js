/*
 * Giving native memory back: a Buffer's bytes go when its object does.
 *
 * Native memory is not leaked just because V8 does not hold it: each Buffer's
 * bytes belong to its small JavaScript object, and when the collector frees the
 * object, node frees the bytes. This program keeps 24 chunks, then drops them
 * and asks for a collection, and watches rss come back down.
 * On your own machine: node --expose-gc release-buffers.js
 *
 * @atlas title: Dropping Buffers: the collector frees the object, the bytes follow
 * @atlas view: counters, address-space
 * @atlas expect-stdout: holding 24 chunks: rss up by at least 20 MiB: yes
 * @atlas expect-stdout: dropped them and collected: arrayBuffers back to where it started: yes
 * @atlas expect-stdout: rss back within 8 MiB of the start: yes
 * @atlas expect-gc: any >= 3
 * @atlas expect-growth: rss < 8 MiB, arrayBuffers < 1 MiB
 * @atlas expect-exit: 0
 * @atlas done: nativeMemory.released when end
 */
const MiB = 1024 * 1024;
const yesNo = (fact) => (fact ? 'yes' : 'no');

function readChunks(count) {
  const chunks = [];
  for (let i = 0; i < count; i++) chunks.push(Buffer.alloc(MiB, i)); // @atlas say: 24 chunks of 1 MiB, filled: rss and external go up by 24 MiB.
  return chunks;
}

global.gc();
const start = process.memoryUsage();
let chunks = readChunks(24);
const holding = process.memoryUsage();
console.log(`holding 24 chunks: rss up by at least 20 MiB: ${yesNo(holding.rss - start.rss >= 20 * MiB)}`);
// @atlas ask: Next the array is dropped, which makes the 24 Buffer objects garbage, and global.gc() runs. What happens to the 24 MiB of bytes outside the heap?
// @atlas choice: Nothing: the collector only frees its own heap
// @atlas correct: They are freed too, when the collector frees each Buffer object
// @atlas choice: They stay until the process exits
// @atlas reveal: Freed. When the collector found each Buffer object dead, the bytes it owned went back to the C allocator, which gave each 1 MiB mapping back to the kernel with munmap.
// @atlas reveal: Native memory is still tied to JavaScript objects: it leaks when those objects are kept (an array that only grows), not by itself.
chunks = null;
global.gc();
global.gc(); // node frees a dead Buffer's bytes on a helper thread after a collection, and the next collection first waits for that: two calls, and the figures below are settled
const end = process.memoryUsage();
console.log(`dropped them and collected: arrayBuffers back to where it started: ${yesNo(end.arrayBuffers - start.arrayBuffers < MiB)}`);
console.log(`rss back within 8 MiB of the start: ${yesNo(end.rss - start.rss < 8 * MiB)}`); // @atlas say: rss is down again: the pages of those mappings are no longer the process's.
// @atlas at-exit: The collector decides when native memory goes back: only when it runs and finds the owner dead. A program that makes big Buffers quickly can hold a lot of native memory between two collections.
