import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { type TourState, ANSWER_REQUEST, TOUR_EVENT, parseTourState } from '../../../src/shared/tour';

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const ADAPTER = path.join(ROOT, 'dist', 'debugAdapter.js');
const FORGOTTEN_FREE = path.join(ROOT, 'media', 'examples', 'forgotten-free', 'forgotten-free.c');

/** A debug session over DAP that keeps every tour event it receives. */
async function start(program: string, args: Record<string, unknown> = {}): Promise<{ dc: DebugClient; tours: TourState[] }> {
  const dc = new DebugClient('node', ADAPTER, 'memory-atlas');
  dc.defaultTimeout = 20_000;
  const tours: TourState[] = [];
  dc.on(TOUR_EVENT, (e: DebugProtocol.Event) => {
    const state = parseTourState(e.body);
    assert.ok(state, `a valid tour state: ${JSON.stringify(e.body)}`);
    tours.push(state);
  });
  await dc.start();
  await dc.initializeRequest({ adapterID: 'memory-atlas', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
  const initialized = dc.waitForEvent('initialized');
  void dc.launch({ program, stopOnEntry: true, ...args } as DebugProtocol.LaunchRequestArguments);
  await initialized;
  return { dc, tours };
}

/** Runs a request and waits for the stop it causes and the tour event after it. */
async function stopAfter(dc: DebugClient, tours: TourState[], run: () => Promise<unknown>): Promise<{ stop: DebugProtocol.StoppedEvent; tour: TourState }> {
  // The stop's tour is the first one after its stopped event (an answer's may still be on its way).
  let mark = -1;
  dc.once('stopped', () => (mark = tours.length));
  const [stop] = await Promise.all([dc.waitForEvent('stopped'), run()]);
  const deadline = Date.now() + 10_000;
  while (tours.length <= mark && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  return { stop: stop as DebugProtocol.StoppedEvent, tour: tours[mark] };
}

async function topLine(dc: DebugClient): Promise<number> {
  return (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames[0].line;
}

describe('debug adapter: narration, predict-then-reveal questions and milestones (DAP)', function () {
  this.timeout(60_000);
  let dc: DebugClient | undefined;

  before(function () {
    if (!fs.existsSync(ADAPTER)) throw new Error(`${ADAPTER} is missing: run \`npm run build\` first`);
  });

  afterEach(async () => {
    await dc?.stop();
    dc = undefined;
  });

  it('walks forgotten-free.c: narrated stops, a question that pauses, an answer, the reveal once the line has run, the milestone at the end', async () => {
    const s = await start(FORGOTTEN_FREE);
    dc = s.dc;
    const entry = await stopAfter(dc, s.tours, () => dc!.configurationDoneRequest());
    assert.equal(entry.stop.body.reason, 'entry');
    assert.equal(entry.tour.line, 29);
    assert.deepEqual(entry.tour.views, ['heap', 'report'], 'the example asks for the views it talks about, with the first stop');
    assert.match(entry.tour.narration[0].text, /^Press F5/);

    // Continue stops at the question's line, before make_greeting is called.
    const asked = await stopAfter(dc, s.tours, () => dc!.continueRequest({ threadId: 1 }));
    assert.equal(await topLine(dc), 38);
    const q = asked.tour.question!;
    assert.equal(q.kind, 'choice');
    assert.match(q.prompt, /What happens to the 64 bytes\?$/);
    assert.equal(q.choices.length, 3);
    assert.equal(q.answer, undefined);

    // A wrong answer is refused; a right one is recorded (and said right only at the reveal).
    await assert.rejects(dc.customRequest(ANSWER_REQUEST, { question: q.id, answer: 7 }), /takes the index of one of its 3 choices/);
    const answered = (await dc.customRequest(ANSWER_REQUEST, { question: q.id, answer: 1 })).body as TourState;
    assert.equal(answered.question?.answer, 1);

    // Continue now finishes the question's line: the narrated lines inside the call still stop it,
    // then it comes back to main and reveals.
    const inside = await stopAfter(dc, s.tours, () => dc!.continueRequest({ threadId: 1 }));
    assert.equal(await topLine(dc), 23);
    assert.match(inside.tour.narration[0].text, /^malloc looks for 64 free bytes/);
    assert.equal(inside.tour.question?.id, q.id, 'the question is still waiting');
    const sprintf = await stopAfter(dc, s.tours, () => dc!.continueRequest({ threadId: 1 }));
    assert.equal(await topLine(dc), 25);
    assert.match(sprintf.tour.narration[0].text, /msg is the only thing in the program that knows where it is: 0x[0-9a-f]+ "hello #0"$/);
    const revealed = await stopAfter(dc, s.tours, () => dc!.continueRequest({ threadId: 1 }));
    assert.equal(await topLine(dc), 39, 'back in main, after the call');
    assert.equal(revealed.tour.question, undefined);
    assert.equal(revealed.tour.views, undefined, 'only the first stop carries the views');
    assert.deepEqual(revealed.tour.reveals.map((r) => [r.id, r.judgement, r.answer, r.right]), [[q.id, 'right', 'They stay allocated, and no pointer to them is left', ['They stay allocated, and no pointer to them is left']]]);
    assert.match(revealed.tour.reveals[0].text, /^C never frees anything for you\./);

    // The loop's lines were shown once: continue now runs the other 999 calls to the narration after the loop.
    const after = await stopAfter(dc, s.tours, () => dc!.continueRequest({ threadId: 1 }));
    assert.equal(await topLine(dc), 42);
    assert.match(after.tour.narration[0].text, /^The loop ran 1000 times/);
    await stopAfter(dc, s.tours, () => dc!.continueRequest({ threadId: 1 }));
    assert.equal(await topLine(dc), 43);
    const end = await stopAfter(dc, s.tours, () => dc!.continueRequest({ threadId: 1 }));
    assert.equal(end.stop.body.reason, 'exited');
    assert.equal(end.tour.line, undefined);
    assert.match(end.tour.exitNarration[0], /64,000 bytes in 1,000 blocks are definitely lost/);
    assert.deepEqual(end.tour.milestones, ['forgottenFree.watched'], 'the run ended; it was not clean, so not fixed');
  });

  it('the fixed version ends clean, and a free answer is judged', async () => {
    const fixed = path.join(ROOT, 'media', 'examples', 'forgotten-free', 'forgotten-free-fixed.c');
    const s = await start(fixed, { stopOnEntry: false });
    dc = s.dc;
    let stop = await stopAfter(dc, s.tours, () => dc!.configurationDoneRequest());
    const milestones: string[] = [];
    for (let i = 0; i < 20 && stop.stop.body.reason !== 'exited'; i++) {
      milestones.push(...stop.tour.milestones);
      if (stop.tour.question && stop.tour.question.answer === undefined) await dc.customRequest(ANSWER_REQUEST, { question: stop.tour.question.id, answer: 0 });
      stop = await stopAfter(dc, s.tours, () => dc!.continueRequest({ threadId: 1 }));
    }
    milestones.push(...stop.tour.milestones);
    assert.equal(stop.stop.body.reason, 'exited');
    assert.deepEqual(milestones, ['forgottenFree.fixed']);
    const reveal = s.tours.flatMap((t) => t.reveals)[0];
    assert.equal(reveal.judgement, 'wrong', 'choice 0 (back to the kernel) is not the right one');

    const list = path.join(ROOT, 'media', 'examples', 'forgotten-free', 'lost-list.c');
    await dc.stop();
    const l = await start(list, { stopOnEntry: false });
    dc = l.dc;
    stop = await stopAfter(dc, l.tours, () => dc!.configurationDoneRequest());
    while (!stop.tour.question) stop = await stopAfter(dc, l.tours, () => dc!.continueRequest({ threadId: 1 }));
    assert.equal(stop.tour.question.kind, 'free');
    await dc.customRequest(ANSWER_REQUEST, { question: stop.tour.question.id, answer: 'None.' });
    stop = await stopAfter(dc, l.tours, () => dc!.continueRequest({ threadId: 1 }));
    assert.deepEqual(stop.tour.reveals.map((r) => [r.answer, r.judgement]), [['None.', 'right']]);
  });

  it('a question on a faulting line is revealed at the stop before the error, and the error milestone is reached', async () => {
    const s = await start(path.join(ROOT, 'media', 'examples', 'memory-bugs', 'use-after-free.c'), { stopOnEntry: false });
    dc = s.dc;
    let stop = await stopAfter(dc, s.tours, () => dc!.configurationDoneRequest());
    while (!stop.tour.question) stop = await stopAfter(dc, s.tours, () => dc!.continueRequest({ threadId: 1 }));
    await dc.customRequest(ANSWER_REQUEST, { question: stop.tour.question.id, answer: 2 });
    stop = await stopAfter(dc, s.tours, () => dc!.continueRequest({ threadId: 1 }));
    assert.equal(stop.stop.body.reason, 'exception');
    assert.deepEqual(stop.tour.reveals.map((r) => r.judgement), ['right']);
    assert.deepEqual(stop.tour.milestones, ['memoryBugs.useAfterFree']);
  });

  it('a file without annotations sends no tour; a user breakpoint on a narrated line keeps its condition', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memory-atlas-tour-'));
    const plain = path.join(dir, 'plain.c');
    fs.writeFileSync(plain, 'int main(void) {\n  int x = 1;\n  return x - 1;\n}\n');
    const s = await start(plain);
    dc = s.dc;
    await Promise.all([dc.waitForEvent('stopped'), dc.configurationDoneRequest()]);
    await dc.stackTraceRequest({ threadId: 1 }); // a round trip: a tour event would have come before its answer
    assert.deepEqual(s.tours, []);
    await dc.stop();
    const narrated = path.join(dir, 'narrated.c');
    fs.writeFileSync(narrated, 'int main(void) {\n  for (int i = 0; i < 5; i++) {\n    int x = i; // @atlas say: x is {x}\n  }\n  return 0;\n}\n');
    const n = await start(narrated, { stopOnEntry: false });
    dc = n.dc;
    await dc.setBreakpointsRequest({ source: { path: narrated }, breakpoints: [{ line: 3, condition: 'i == 3' }] });
    const stop = await stopAfter(dc, n.tours, () => dc!.configurationDoneRequest());
    assert.equal(stop.stop.body.reason, 'breakpoint');
    assert.equal((await dc.evaluateRequest({ expression: 'i', frameId: 0, context: 'watch' })).body.result, '3', "the user's condition, not the narration's first pass");
    assert.match(stop.tour.narration[0].text, /^x is /);
  });
});
