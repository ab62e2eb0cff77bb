/*
 * The fix, first way: a cache with a size limit.
 *
 * The same server as unbounded-cache.js, but its cache keeps at most 100 pages.
 * A Map remembers the order its keys were added in, so the first key it lists is
 * the oldest: when the cache is full, that one is deleted before a new page goes
 * in. Once nothing points to the evicted page, the next collection frees it.
 * On your own machine: node --expose-gc bounded-cache.js
 *
 * @atlas title: The fix: evict the oldest page (a bounded cache)
 * @atlas view: heap, counters
 * @atlas expect-stdout: 250 requests, 100 pages cached, heap after GC: grew
 * @atlas expect-stdout: 500 requests, 100 pages cached, heap after GC: flat
 * @atlas expect-stdout: 750 requests, 100 pages cached, heap after GC: flat
 * @atlas expect-stdout: 1000 requests, 100 pages cached, heap after GC: flat
 * @atlas expect-gc: any >= 5
 * @atlas expect-growth: heapUsed < 1 MiB
 * @atlas expect-exit: 0
 * @atlas done: reachableOrphan.fixed when clean
 */
const KiB = 1024;
const LIMIT = 100;
const cache = new Map(); // @atlas say: The same module-level Map as before. This time the program decides how much it may hold: at most {LIMIT} pages.

function handle(request) {
  const line = `<li>result for request ${request.id}</li>`;
  const page = new Array(120).fill(line).join('');
  if (cache.size >= LIMIT) {
    const oldest = cache.keys().next().value; // @atlas say: The cache is full. A Map lists its keys in the order they were added, so the first one is the oldest page.
    cache.delete(oldest); // @atlas say: Page {oldest} goes. Deleting the entry drops the Map's reference to that page. Nothing else points to it, so it is garbage now, freed at the next collection.
  }
  cache.set(request.id, page);
  return page.length;
}

/** How the heap after a collection compares with the last one: more than 256 KiB either way counts. */
function trend(now, last) {
  if (now - last > 256 * KiB) return 'grew';
  if (last - now > 256 * KiB) return 'shrank';
  return 'flat';
}

global.gc();
let last = process.memoryUsage().heapUsed;
let served = 0;
for (let round = 1; round <= 4; round++) {
  for (let i = 0; i < 250; i++) {
    served++;
    handle({ id: served, user: 'guest' });
  }
  // @atlas ask: 250 more pages were made, and each one evicted an older page. After this collection, how does the heap compare with the last one?
  // @atlas choice: It grew by about 1 MiB again, as without the limit
  // @atlas correct: About the same: the cache holds 100 pages either way
  // @atlas choice: It is back to where the program started
  // @atlas ask-when: round == 2
  // @atlas reveal: Flat. The first round filled the cache (100 pages, about 400 KiB); since then each new page pushed an old one out, and the collector freed the old ones.
  // @atlas reveal: The heap still holds 100 pages: a bounded cache costs a fixed amount, not an amount that grows with time.
  global.gc();
  const now = process.memoryUsage().heapUsed;
  console.log(`${served} requests, ${cache.size} pages cached, heap after GC: ${trend(now, last)}`);
  last = now;
}
// @atlas at-exit: The heap grew once, while the cache filled, and then stayed flat however many requests came: the Counters view shows a step and then a flat line.
// @atlas at-exit: Picking the limit is the hard part of a real cache: too small and it rarely hits, too large and it is a leak with a ceiling.
