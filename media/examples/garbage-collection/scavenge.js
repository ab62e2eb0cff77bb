/*
 * A scavenge: the young generation is emptied by copying out the survivors.
 *
 * V8 puts new objects in a small young generation (1 MiB here, as V8 starts
 * with). When it fills, a scavenge copies the few objects still reachable into
 * the other half of the young generation and forgets the rest at once: no sweep,
 * because the dead are never looked at. An object that survives two scavenges
 * is promoted to the old generation. This loop makes 8,000 log lines and keeps
 * one in a hundred.
 *
 * @atlas title: A scavenge copies the survivors and promotes them
 * @atlas view: heap, counters
 * @atlas expect-stdout: made 8000 log lines, kept 80
 * @atlas expect-stdout: the first one kept: line 0: GET /items/0 took 0 ms
 * @atlas expect-gc: scavenge >= 2, mark-sweep 0
 * @atlas expect-growth: heapUsed < 2 MiB
 * @atlas expect-exit: 0
 * @atlas done: garbageCollection.scavenged when end
 */
const kept = []; // @atlas say: The young generation starts empty. Watch the Managed heap view's new space fill as the loop runs, then empty at each scavenge.

function logLine(i) {
  const parts = [`line ${i}:`, 'GET', `/items/${i}`, 'took', `${i % 7}`, 'ms'];
  return { id: i, text: parts.join(' '), padding: new Array(40).fill(i) }; // every call makes an array, six strings, an object and another array: about 600 bytes
}

let made = 0;
for (let i = 0; i < 8000; i++) {
  const line = logLine(i);
  made++;
  // @atlas ask: 1 line in 100 is kept, the rest are garbage as soon as the loop moves on. When new space fills and a scavenge runs, how much work does it do for the garbage?
  // @atlas choice: One step per dead object, to free it
  // @atlas correct: None: it copies the live objects and reuses the whole space
  // @atlas choice: It marks the dead objects for the next full collection
  // @atlas ask-when: i == 100
  // @atlas reveal: None at all. A scavenge copies what is reachable (the kept lines, and what they point to) to the other semispace; everything left behind is free space in one go.
  // @atlas reveal: That is why young garbage is so cheap in V8: the cost is the survivors, and most young objects do not survive.
  if (i % 100 === 0) kept.push(line);
}
console.log(`made ${made} log lines, kept ${kept.length}`); // @atlas say: Each scavenge copied the kept lines; those that had survived two were promoted to old space. The Managed heap view shows them there, with an age.
console.log(`the first one kept: ${kept[0].text}`);
// @atlas at-exit: 8,000 objects of about 600 bytes went through a 1 MiB young generation, a few scavenges, and only the 80 kept ones cost a copy. No mark-sweep was needed.
