/*
 * Reachable orphan: a cache that never forgets.
 *
 * handle() builds a page for a request and keeps it in a Map, in case the same
 * id comes again. Ids never come again, so no entry is ever read back, yet every
 * one stays: the Map is a module-level variable, and the garbage collector keeps
 * everything it can reach from one. Nothing here is "lost" as in C; it is kept
 * too well. On your own machine: node --expose-gc unbounded-cache.js
 *
 * @atlas title: Reachable orphan: a cache that never forgets
 * @atlas view: heap, counters
 * @atlas expect-stdout: 250 requests, 250 pages cached, heap after GC: grew
 * @atlas expect-stdout: 500 requests, 500 pages cached, heap after GC: grew
 * @atlas expect-stdout: 750 requests, 750 pages cached, heap after GC: grew
 * @atlas expect-stdout: 1000 requests, 1000 pages cached, heap after GC: grew
 * @atlas expect-gc: mark-sweep >= 5
 * @atlas expect-growth: heapUsed >= 3 MiB
 * @atlas expect-exit: 0
 * @atlas done: reachableOrphan.watched when end
 */
const KiB = 1024;
const cache = new Map(); // @atlas say: A Map at the top of the module: it lives as long as the program. Press F5 (Continue) to run to the next explained line.

function handle(request) {
  const line = `<li>result for request ${request.id}</li>`;
  const page = new Array(120).fill(line).join(''); // @atlas say: The page is about 4 KiB of text, made fresh for this request.
  // @atlas say: Storing it in the cache makes the Map hold it, so it outlives this call.
  cache.set(request.id, page);
  return page.length;
}

/** How the heap after a collection compares with the last one: more than 256 KiB either way counts. */
function trend(now, last) {
  if (now - last > 256 * KiB) return 'grew';
  if (last - now > 256 * KiB) return 'shrank';
  return 'flat';
}

global.gc(); // @atlas say: global.gc() asks for a full collection now. After it, heapUsed counts only what is still reachable.
let last = process.memoryUsage().heapUsed;
let served = 0;
for (let round = 1; round <= 4; round++) {
  for (let i = 0; i < 250; i++) {
    served++;
    handle({ id: served, user: 'guest' }); // the request object dies at once; its page does not
  }
  // @atlas ask: 250 requests are done and a full collection runs next. No page will ever be read again. How much of the cache does the collector free?
  // @atlas choice: All of it: nobody reads those pages any more
  // @atlas correct: None of it: the Map still points to every page
  // @atlas choice: About half, the oldest pages
  // @atlas ask-when: round == 1
  // @atlas reveal: None. A collector frees what cannot be reached, not what will not be used, and every page is reachable: module scope → cache → the Map's table → the page.
  // @atlas reveal: Select a page in the Managed heap view to see that retainer path. The request objects, reachable from nothing, were freed.
  global.gc();
  const now = process.memoryUsage().heapUsed;
  console.log(`${served} requests, ${cache.size} pages cached, heap after GC: ${trend(now, last)}`); // @atlas say: After each collection the heap is about 1 MiB bigger than after the one before: {cache.size} pages, all alive. The Counters view draws the staircase.
  last = now;
}
// @atlas at-exit: Every collection ran and freed the requests, and the heap still grew by about 1 MiB a round. Left running, this server would grow until it ran out of memory.
// @atlas at-exit: The garbage collector cannot help: the fix is to stop keeping what you will not need (bounded-cache.js evicts, weakmap-cache.js lets the collector decide).
