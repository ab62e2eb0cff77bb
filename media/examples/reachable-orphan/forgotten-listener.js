/*
 * Another reachable orphan: a listener nobody removes, and the closure it keeps.
 *
 * Each report the user opens builds a table of 2,000 numbers and registers a
 * listener that prints the table's size when the clock ticks. Closing the report
 * forgets the report, but not the listener: the clock still holds the listener,
 * the listener's closure still holds `rows`, and so every table stays. The fix,
 * in close(), is the line that is commented out.
 * On your own machine: node --expose-gc forgotten-listener.js
 *
 * @atlas title: A forgotten listener keeps its closure, and its closure keeps a table
 * @atlas view: heap, counters
 * @atlas expect-stdout: opened and closed 40 reports
 * @atlas expect-stdout: the clock still has 40 listeners
 * @atlas expect-stdout: one tick reads 80000 rows
 * @atlas expect-gc: any >= 1
 * @atlas expect-growth: heapUsed >= 512 KiB
 * @atlas expect-exit: 0
 * @atlas done: reachableOrphan.listener when end
 */
const clock = { listeners: [] }; // @atlas say: A clock that calls its listeners on each tick, as a timer or an event emitter would. It lives for the whole program.

function onTick(listener) {
  clock.listeners.push(listener);
  return () => clock.listeners.splice(clock.listeners.indexOf(listener), 1); // how to unsubscribe
}

function openReport(n) {
  const rows = new Array(2000).fill(n); // @atlas say: A table of 2,000 numbers, about 16 KiB. Only this call's frame knows it so far.
  const stop = onTick(() => rows.length); // @atlas say: The arrow function uses `rows`, so it closes over it: the function keeps a link to this call's variables.
  return { title: `report ${n}`, stop };
}

function close(report) {
  // report.stop(); // the fix: without this line, the clock keeps the listener, and the listener keeps `rows`
  return report.title;
}

let opened = 0;
for (let n = 0; n < 40; n++) {
  const report = openReport(n);
  // @atlas ask: close() is next, and then the loop forgets the report. Will the collector be able to free its 16 KiB table?
  // @atlas choice: Yes: the report object is gone, so its table is too
  // @atlas correct: No: clock → listeners → the arrow function → its closure → rows
  // @atlas ask-when: n == 0
  // @atlas reveal: No. The report object itself can go, but the table cannot: the clock is reachable from module scope, its listeners array holds the arrow function, and the function's closure holds `rows`.
  // @atlas reveal: In the Managed heap view, the table's retainer path passes through the closure ("context"): that is the link that is easy to miss when reading the code.
  close(report);
  opened++;
}
global.gc();
console.log(`opened and closed ${opened} reports`);
console.log(`the clock still has ${clock.listeners.length} listeners`); // @atlas say: {clock.listeners.length} listeners are still registered, each holding a table: about 640 KiB that no report shows any more.
const total = clock.listeners.reduce((sum, listener) => sum + listener(), 0);
console.log(`one tick reads ${total} rows`);
// @atlas at-exit: 40 tables stayed alive through a full collection, held by listeners that were never removed. Uncomment report.stop() in close() (Make an Editable Copy), run it again, and the clock ends with 0 listeners.
