/*
 * The fix, second way: let the collector decide (a WeakMap).
 *
 * Here a page is cached for the request object itself, not for its id, in a
 * WeakMap. A WeakMap does not keep its keys alive: while the request is
 * reachable, its page is in the map; once the request is garbage, the entry and
 * its page go with it at the next collection. The program keeps the last ten
 * requests it served (say, for a "recent requests" list) and nothing else.
 * On your own machine: node --expose-gc weakmap-cache.js
 *
 * @atlas title: The fix: a WeakMap, so the cache lets go with the key
 * @atlas view: heap, counters
 * @atlas expect-stdout: 250 requests, pages of recent requests cached: 10 of 10, heap after GC: flat
 * @atlas expect-stdout: 500 requests, pages of recent requests cached: 10 of 10, heap after GC: flat
 * @atlas expect-stdout: 750 requests, pages of recent requests cached: 10 of 10, heap after GC: flat
 * @atlas expect-stdout: 1000 requests, pages of recent requests cached: 10 of 10, heap after GC: flat
 * @atlas expect-gc: any >= 5
 * @atlas expect-growth: heapUsed < 512 KiB
 * @atlas expect-exit: 0
 * @atlas done: reachableOrphan.weak when end
 */
const KiB = 1024;
const pages = new WeakMap(); // @atlas say: A WeakMap: its keys must be objects, and it holds them weakly. It cannot even be counted or listed, because its contents depend on the collector.
const recent = [];

function handle(request) {
  let page = pages.get(request);
  if (page === undefined) {
    const line = `<li>result for request ${request.id}</li>`;
    page = new Array(120).fill(line).join('');
    pages.set(request, page); // @atlas say: The page is stored under the request object. The map keeps the page alive only as long as something else keeps the request alive.
  }
  recent.push(request);
  if (recent.length > 10) recent.shift(); // the eleventh oldest request is dropped: now nothing points to it
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
  // @atlas ask: 250 requests have been served; only the last 10 are still in `recent`. How many pages will the WeakMap still hold after this collection?
  // @atlas accept: 10
  // @atlas accept: ten
  // @atlas ask-when: round == 1
  // @atlas reveal: 10. The 240 older requests were reachable from nothing, so the collector freed them, and a WeakMap entry whose key dies goes with it, page and all.
  // @atlas reveal: The 10 recent requests are reachable from `recent`, so their pages stay.
  global.gc();
  const now = process.memoryUsage().heapUsed;
  const cached = recent.filter((request) => pages.has(request)).length;
  console.log(`${served} requests, pages of recent requests cached: ${cached} of ${recent.length}, heap after GC: ${trend(now, last)}`);
  last = now;
}
// @atlas at-exit: The heap stayed flat from the first round: only the pages of the ten recent requests were ever kept. The WeakMap made the cache's lifetime follow its keys'.
// @atlas at-exit: A WeakMap suits a cache of facts about objects someone else owns. For a cache by id (a number or a string), a size limit is the way (bounded-cache.js).
