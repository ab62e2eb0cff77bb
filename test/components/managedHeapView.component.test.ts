/**
 * The managed-heap view in a real Chromium, from stops the real managed heap made (see
 * managedHeapStops.ts): spaces and objects by address, colours of a collection in progress,
 * survivors' ghosts where they were, refcounts and leaked cycles, the retainer path of a clicked
 * object (asked of the heap), and screenshots in the three themes.
 */
import * as assert from 'assert';
import { type Browser, chromium } from 'playwright-core';
import { recordedStops } from './recordedStops';
import { type ManagedHeapStop, midMarking, midScavenge, refcountLeak } from './managedHeapStops';
import { CHROMIUM, type ThemeKind, WebviewHarness } from './webviewHarness';
import { JsProgram } from '../../src/lang/js/program/jsProgram';
import { Session } from '../../src/session/session';

let browser: Browser;
const base = recordedStops().get('after-malloc')!.snapshot;

before(async function () {
  this.timeout(60_000);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
});

after(async () => {
  await browser?.close();
});

async function open(stop: ManagedHeapStop, theme: ThemeKind = 'dark', width = 1100): Promise<WebviewHarness> {
  const h = await WebviewHarness.launch(browser, theme, width);
  h.answerWith(stop.answer);
  await h.stop(stop.snapshot, 'managed.js');
  await h.page.waitForSelector('[data-testid=live-panel]');
  await h.showView('managed-heap');
  await h.page.waitForSelector('[data-testid=managed-heap-view]');
  return h;
}

describe('Managed heap view in Chromium (stops made by the real managed heap)', function () {
  this.timeout(60_000);

  it('has no tab at a stop without a managed heap (a C program)', async () => {
    const h = await WebviewHarness.launch(browser, 'dark', 1100);
    await h.stop(base);
    await h.page.waitForSelector('[data-testid=live-panel]');
    assert.equal(await h.page.$('[role=tab][data-view="managed-heap"]'), null);
    await h.close();
  });

  it('a JavaScript stop whose C heap is empty opens on the managed heap where the layout says heap', async () => {
    const stop = midScavenge(base);
    const h = await WebviewHarness.launch(browser, 'dark', 1100);
    await h.stop({ ...stop.snapshot, heap: { ...stop.snapshot.heap, chunkCount: 0 } }, 'managed.js');
    await h.page.waitForSelector('[data-testid=managed-heap-view]');
    assert.equal(await h.page.getAttribute('[role=tab][aria-selected=true]', 'data-view'), 'managed-heap');
    // With malloc'd blocks (Buffers' payloads) the saved choice stands.
    await h.stop(stop.snapshot, 'managed.js');
    await h.page.waitForSelector('[role=tab][aria-selected=true][data-view="heap"]');
    assert.deepEqual(h.errors, []);
    await h.close();
  });

  it('mid-scavenge: both semispaces, every object with its colour, and ghosts where the survivors were', async () => {
    const stop = midScavenge(base);
    const h = await open(stop);
    const spaces = await h.page.$$eval('[data-testid=managed-spaces] > li', (els) => els.map((e) => e.getAttribute('data-space')));
    assert.deepEqual(spaces, stop.heap.spaces.map((s) => s.space));
    assert.deepEqual(new Set(spaces), new Set(['new-from', 'new-to', 'old']));
    const drawn = await h.page.$$eval('[data-testid=managed-spaces] button.obj', (els) => els.map((e) => ({ ref: Number(e.getAttribute('data-ref')), colour: e.getAttribute('data-colour') })));
    assert.deepEqual(drawn.map((d) => d.ref).sort((a, b) => a - b), stop.heap.objects.map((o) => o.ref).sort((a, b) => a - b));
    for (const o of stop.heap.objects) assert.equal(drawn.find((d) => d.ref === o.ref)!.colour, o.colour);
    const colours = new Set(drawn.map((d) => d.colour));
    assert.ok(colours.has('white') && colours.has('grey') && colours.has('black'), [...colours].join());
    const moved = stop.heap.objects.filter((o) => o.movedFrom).length;
    assert.ok(moved > 0);
    assert.equal((await h.page.$$('[data-testid=managed-spaces] .ghost')).length, moved);
    const progress = await h.page.textContent('[data-testid=gc-progress]');
    assert.match(progress ?? '', /scavenge in progress: copying survivors \(Cheney scan\)/);
    assert.deepEqual(h.errors, []);
    await h.close();
  });

  it('selecting an object asks the heap for its retainer path and shows it from the root', async () => {
    const stop = midMarking(base);
    const h = await open(stop);
    const value = stop.heap.objects.find((o) => o.label === 'Result')!;
    // Small objects may sit under their neighbours in the strip: the table's link reaches each one.
    await h.page.click(`[data-testid=managed-objects] tr[data-ref="${value.ref}"] button.link`);
    await h.page.waitForSelector('[data-testid=retainer-path] ol.path');
    const root = await h.page.textContent('[data-testid=retainer-path] .root');
    assert.match(root ?? '', /module\s+cache/);
    const edges = await h.page.$$eval('[data-testid=retainer-path] li[data-edge]', (els) => els.map((e) => e.getAttribute('data-edge')));
    assert.deepEqual(edges.slice(0, 2), ['', 'table']);
    assert.match(edges[2] ?? '', /^value \d+$/);
    assert.ok(h.requests.some((r) => r.kind === 'managed-object' && r.ref === value.ref));
    assert.equal(await h.page.getAttribute('[data-testid=gc-progress]', 'data-kind'), 'mark-sweep');
    await h.close();
  });

  it('refcount mode: the counts column and the leaked cycle, whose path says no root reaches it', async () => {
    const stop = refcountLeak(base);
    const h = await open(stop);
    const counts = await h.page.$$eval('[data-testid=managed-objects] td[data-refcount]', (els) => els.map((e) => Number(e.getAttribute('data-refcount'))));
    assert.deepEqual(counts, stop.heap.objects.map((o) => o.refCount));
    // The stop's selected object comes with its path: the module-level registry holds it.
    assert.match(await h.page.textContent('[data-testid=retainer-path] .root') ?? '', /module\s+registry/);
    const cycle = await h.page.textContent('[data-testid=leaked-cycles] li');
    assert.match(cycle ?? '', /#\d+ Parent\s*⇄\s*#\d+ Child/);
    await h.page.click('[data-testid=leaked-cycles] li button');
    await h.page.waitForSelector('[data-testid=unreachable]');
    await h.close();
  });

  for (const theme of ['light', 'dark', 'high-contrast'] as const) {
    it(`writes ${theme} screenshots`, async () => {
      for (const [name, make] of [['scavenge', midScavenge], ['marking', midMarking], ['refcount', refcountLeak]] as const) {
        const h = await open(make(base), theme);
        const file = await h.screenshot(`managed-heap-${name}-${theme}`);
        assert.ok(file.endsWith('.png'));
        assert.deepEqual(h.errors, []);
        await h.close();
      }
    });
  }
});

describe('Counters chart of a JavaScript run in Chromium (a real session)', function () {
  this.timeout(60_000);

  it('draws heapUsed, heapTotal and external beside RSS: Buffers make rss and external climb while heapUsed stays flat', async () => {
    const program = JsProgram.create(`const kept = [];
for (let i = 0; i < 16; i++) kept.push(Buffer.alloc(256 * 1024, 1));
console.log(kept.length);
`, 'buffers.js');
    const session = new Session(program);
    session.setBreakpoints([3]);
    const stop = session.continue();
    assert.equal(stop.kind, 'stopped');
    const series = session.counters.view(session.steps);
    const first = series.samples[0].managed!;
    const last = series.samples[series.samples.length - 1].managed!;
    assert.ok(last.external - first.external >= 4 * 1024 * 1024, `external grew ${last.external - first.external}`);
    assert.ok(last.heapUsed - first.heapUsed < 64 * 1024, `heapUsed grew ${last.heapUsed - first.heapUsed}`);
    const h = await WebviewHarness.launch(browser, 'dark', 1100);
    h.answerWith((request) => (request.kind === 'counter-series' ? { kind: 'counter-series', series } : { kind: 'error', message: `no answer for ${request.kind} in this test` }));
    await h.stop(session.snapshot(), 'buffers.js');
    await h.page.waitForSelector('[data-testid=live-panel]');
    await h.showView('counters');
    // A flat line has no height: attached, not visible, is what to wait for.
    await h.page.waitForSelector('[data-testid=counters-chart] [data-series=heapUsed]', { state: 'attached' });
    const drawn = await h.page.$$eval('[data-testid=counters-chart] [data-series]', (els) => els.map((e) => e.getAttribute('data-series')));
    assert.deepEqual(drawn, ['rss', 'heapTotal', 'heapUsed', 'external']);
    const legend = await h.page.textContent('[data-testid=counters-view] .legend');
    assert.match(legend ?? '', /heapUsed.*heapTotal.*external/);
    assert.match((await h.page.textContent('[data-testid=counters-view]')) ?? '', /now: RSS .*heapUsed .* of heapTotal .*, external 4\.\d MiB/);
    await h.screenshot('counters-js-dark');
    await h.close();
  });
});
