/*
 * The generational hypothesis: most objects die young.
 *
 * A server handles 5,000 requests. Each one makes a flurry of short-lived
 * objects (the parsed request, its words, the response), all garbage before the
 * next request comes. A few objects live for the whole run: the table of user
 * sessions. V8 bets on this shape: it collects the young generation often and
 * cheaply, and the old one rarely.
 *
 * @atlas title: The generational hypothesis on a request-handling loop
 * @atlas view: counters, heap
 * @atlas expect-stdout: served 5000 requests
 * @atlas expect-stdout: user 3 made 500 requests, 4500 words in all
 * @atlas expect-gc: scavenge >= 2, mark-sweep 0
 * @atlas expect-growth: heapUsed < 2 MiB
 * @atlas expect-exit: 0
 * @atlas done: garbageCollection.generations when end
 */
const sessions = new Map(); // @atlas say: The long-lived part: one session per user, made once and kept for the whole run. These objects will survive every scavenge and be promoted.
for (let u = 0; u < 10; u++) sessions.set(u, { user: u, requests: 0, words: 0 });

function parse(raw) {
  const [method, path, ...rest] = raw.split(' ');
  return { method, path, words: rest };
}

function handle(raw, user) {
  const request = parse(raw); // @atlas say: parse() makes an array of words and an object: young objects that live for this call only.
  const session = sessions.get(user);
  session.requests++;
  session.words += request.words.length;
  return { status: 200, body: `${request.method} ${request.path}: ${request.words.length} words` };
}

let served = 0;
for (let i = 0; i < 5000; i++) {
  const raw = `GET /page/${i} from user ${i % 10} with a body of some words`;
  // @atlas ask: Of everything handle() makes for this request, what is still reachable once the next request starts?
  // @atlas choice: All of it, until the old generation is collected
  // @atlas correct: Nothing: only the session it updated, which was there before
  // @atlas choice: The response, because it was returned
  // @atlas ask-when: i == 0
  // @atlas reveal: Nothing. The request, its words and the response were garbage as soon as this iteration ended; only the counters in the old, long-lived session changed.
  // @atlas reveal: Run on: the Counters view shows the heap as a saw-tooth, each tooth a scavenge that kept almost nothing, while old space stays flat.
  handle(raw, i % 10);
  served++;
}
console.log(`served ${served} requests`);
const three = sessions.get(3);
console.log(`user 3 made ${three.requests} requests, ${three.words} words in all`); // @atlas say: The sessions are the survivors: promoted to the old generation early on, and never copied again.
// @atlas at-exit: Thousands of short-lived objects, a few scavenges, and not one full collection: the young generation took the garbage, and old space held only the sessions.
// @atlas at-exit: This is the generational hypothesis at work. A program that keeps much of what it makes (a growing cache) breaks the bet: its objects get promoted, and full collections follow.
