/**
 * A heap of a million chunks, made by the real glibc allocator on the simulated process (no
 * interpreter: a C loop of a million mallocs would take minutes to step through), drawn by the
 * heap view: the snapshot carries the summary strip and one window, the view asks for other
 * windows and zooms as the user moves, and every message stays small whatever the heap's size.
 */
import * as assert from 'assert';
import { type Browser, chromium } from 'playwright-core';
import { GlibcMalloc } from '../../src/engine/heap/glibc/glibcMalloc';
import { Process } from '../../src/engine/process';
import { HeapViewCache } from '../../src/engine/views/heapIndex';
import { heapSummary } from '../../src/engine/views/heapSummary';
import { answerProcessView, isProcessViewRequest } from '../../src/engine/views/processAnswers';
import { processViews } from '../../src/engine/views/processViews';
import { QuietMemory } from '../../src/engine/memory/quietMemory';
import type { Snapshot } from '../../src/shared/snapshot';
import { recordedStops } from './recordedStops';
import { CHROMIUM, WebviewHarness } from './webviewHarness';

const CHUNKS = 1_000_000;
/** A stop message, and any answer, stays under this whatever the heap holds. */
const MAX_MESSAGE_BYTES = 256 * 1024;

describe('Heap view on a million chunks', function () {
  this.timeout(120_000);
  let browser: Browser;
  let process_: Process;
  let cache: HeapViewCache;
  let snapshot: Snapshot;
  const figures: string[] = [];

  before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    process_ = Process.start({ path: '/home/student/million', objects: [], importedFunctions: [] }, { allocator: (h) => new GlibcMalloc(h) });
    const ptrs: number[] = [];
    for (let i = 0; i < CHUNKS; i++) ptrs.push(process_.allocator.malloc(16 + (i % 7) * 16));
    for (let i = 0; i < CHUNKS; i += 3) process_.allocator.free(ptrs[i]);
    const started = Date.now();
    cache = new HeapViewCache().use(process_.allocator, 'million');
    const stats = cache.heap.stats(process_.allocator.kernelBytes(), () => undefined);
    const heap = heapSummary(cache, process_.allocator.name, stats, new QuietMemory(process_.mmu), () => ({}), ptrs[CHUNKS - 1]);
    figures.push(`index + summary of ${cache.heap.count.toLocaleString('en-US')} chunks: ${Date.now() - started} ms`);
    const base = recordedStops().get('after-free')!.snapshot;
    snapshot = { ...base, ...processViews(process_), heap, counters: process_.counters(), pointers: [] };
  });

  after(async () => {
    await browser?.close();
    console.log(`      ${figures.join('\n      ')}`);
  });

  it('shows the summary, opens and zooms into windows of real chunks, with bounded messages', async () => {
    const h = await WebviewHarness.launch(browser, 'dark');
    h.answerWith((request) => {
      const t = Date.now();
      const answer = isProcessViewRequest(request) ? answerProcessView(process_, cache, () => ({}), request) : { kind: 'error' as const, message: 'not asked here' };
      figures.push(`${request.kind} answered in ${Date.now() - t} ms (${JSON.stringify(answer).length.toLocaleString('en-US')} bytes)`);
      return answer;
    });
    let t = Date.now();
    await h.stop(snapshot, 'million.c');
    await h.showView('heap');
    await h.page.waitForSelector('[data-testid=heap-bands] button.band');
    figures.push(`stop message ${h.sentSizes[0].toLocaleString('en-US')} bytes, drawn in ${Date.now() - t} ms`);
    assert.ok(h.sentSizes[0] < MAX_MESSAGE_BYTES, `the stop is ${h.sentSizes[0]} bytes`);

    const bands = await h.page.$$eval('[data-testid=heap-bands] button.band', (els) => els.map((e) => ({ first: Number(e.getAttribute('data-first')), chunks: Number(e.getAttribute('data-chunks')) })));
    assert.equal(bands.length, snapshot.heap.bands.length);
    assert.equal(bands.reduce((n, b) => n + b.chunks, 0), CHUNKS + 2, 'every chunk (the tcache struct and top included) in one band');
    assert.match(await h.page.textContent('[data-testid=heap-window-range]') ?? '', /of 1,000,002/);

    // Open a band in the middle: its chunks, real ones, arrive as a window.
    t = Date.now();
    await h.page.click('[data-testid=heap-bands] li:nth-child(64) button.band');
    await h.waitUntil(`document.querySelector('[data-testid=heap-window-range]').textContent.startsWith('chunks ${bands[63].first.toLocaleString('en-US')}')`);
    figures.push(`a band's window drawn in ${Date.now() - t} ms`);
    const drawn = await h.page.$$eval('[data-testid=heap-chunks] button[data-address]', (els) => els.map((e) => ({ address: parseInt(e.getAttribute('data-address')!, 16), state: e.getAttribute('data-state'), size: Number(e.getAttribute('data-size')) })));
    assert.equal(drawn.length, 256);
    const { addr, size } = cache.heap.columns;
    drawn.forEach((c, k) => {
      const i = bands[63].first + k;
      assert.equal(c.address, addr[i], `chunk ${i}`);
      assert.equal(c.size, size[i]);
      assert.equal(c.state, cache.heap.stateOf(i));
    });
    assert.ok(drawn.some((c) => c.state === 'free') && drawn.some((c) => c.state === 'in-use'));

    // Zoom into a band (Z): 64 narrower bands over its range.
    t = Date.now();
    await h.page.focus('[data-testid=heap-bands] li:nth-child(10) button.band');
    await h.page.keyboard.press('z');
    await h.waitUntil(`document.querySelectorAll('[data-testid=heap-bands] button.band').length === 64`);
    figures.push(`zoomed in ${Date.now() - t} ms`);
    const zoomed = await h.page.$$eval('[data-testid=heap-bands] button.band', (els) => els.reduce((n, e) => n + Number(e.getAttribute('data-chunks')), 0));
    assert.equal(zoomed, bands[9].chunks, 'the zoomed bands hold the band\'s chunks');
    // Next window, from the keyboard-free buttons.
    await h.page.click('[data-testid=heap-view] .window-nav button:last-child');
    await h.waitUntil(`document.querySelector('[data-testid=heap-window-range]').textContent.startsWith('chunks ${(bands[63].first + 256).toLocaleString('en-US')}')`);

    for (const bytes of h.responseSizes) assert.ok(bytes < MAX_MESSAGE_BYTES, `an answer of ${bytes} bytes`);
    assert.deepEqual(h.errors, []);
    await h.screenshot('heap-million-dark');
    await h.close();
  });
});
