/**
 * The live views rendered from recorded stops of views_tour.c in a real Chromium, checked in the
 * DOM: the right chunks with their states and free lists, frames with their slots, the pointer
 * arrows' endpoints, the page walk's indices; the layout and its persistence; screenshots of
 * every view in the light, dark and high contrast themes.
 */
import * as assert from 'assert';
import { type Browser, chromium } from 'playwright-core';
import { CONTRACT_VERSION } from '../../src/shared/version';
import { splitVirtualAddress } from '../../src/shared/viewRequests';
import { type RecordedStop, recordedAnswers, recordedStops } from './recordedStops';
import { CHROMIUM, type ThemeKind, WebviewHarness } from './webviewHarness';

/** The browser's own, inside page callbacks (this file is compiled without the DOM library). */
declare function getComputedStyle(element: unknown): { readonly opacity: string; readonly strokeDasharray: string };

let browser: Browser;
const stops = recordedStops();
const stop = (name: string): RecordedStop => {
  const s = stops.get(name);
  if (!s) throw new Error(`no recorded stop ${name}`);
  return s;
};
const n = (h: string) => parseInt(h, 16);

before(async function () {
  this.timeout(60_000);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
});

after(async () => {
  await browser?.close();
});

async function open(name: string, theme: ThemeKind = 'dark', width = 1100): Promise<WebviewHarness> {
  const h = await WebviewHarness.launch(browser, theme, width);
  const s = stop(name);
  h.answerWith(recordedAnswers(s));
  await h.stop(s.snapshot);
  await h.page.waitForSelector('[data-testid=live-panel]');
  return h;
}

describe('Live views in Chromium (recorded stops of views_tour.c)', function () {
  this.timeout(60_000);

  it('heap: every chunk in address order with its state; the freed one in the tcache list through its real fd word', async () => {
    const h = await open('after-free');
    await h.showView('heap');
    const s = stop('after-free').snapshot;
    const drawn = await h.page.$$eval('[data-testid=heap-chunks] button[data-address]', (els) => els.map((e) => ({
      address: e.getAttribute('data-address'), state: e.getAttribute('data-state'), bin: e.getAttribute('data-bin'), size: Number(e.getAttribute('data-size')),
    })));
    assert.deepEqual(drawn.map((d) => d.address), s.heap.window.chunks.map((c) => c.address), 'the window\'s chunks in address order');
    assert.deepEqual(drawn.map((d) => d.state), s.heap.window.chunks.map((c) => c.state));
    const freed = drawn.find((d) => d.bin === 'tcache[0]');
    assert.ok(freed, 'a chunk drawn free in tcache[0]');
    assert.equal(freed.size, 32);
    const entry = await h.page.$eval('[data-testid=bin-lists] [data-bin="tcache[0]"] [data-chunk]', (e) => ({ chunk: e.getAttribute('data-chunk'), fd: e.getAttribute('data-fd'), next: e.getAttribute('data-next') }));
    assert.equal(entry.chunk, freed.address);
    assert.equal(n(entry.fd!), Math.floor((n(freed.address!) + 16) / 4096), 'the fd word as stored: PROTECT_PTR(&fd, NULL)');
    assert.equal(entry.next, '0x0');
    // The chunk's header opens on click, with the A/M/P bits of its size word.
    await h.page.click(`[data-testid=heap-chunks] button[data-address="${freed.address}"]`);
    const detail = await h.page.textContent('[data-testid=chunk-detail]');
    assert.match(detail ?? '', /size 0x21 = 0x20 \| P/);
    assert.deepEqual(h.errors, []);
    await h.close();
  });

  it('heap: a chunk that appeared since the previous stop is highlighted', async () => {
    const h = await open('after-escape');
    await h.showView('heap');
    await h.stop(stop('after-malloc').snapshot);
    const appeared = await h.page.$$eval('[data-testid=heap-chunks] button.appeared', (els) => els.map((e) => e.getAttribute('data-address')));
    const userChunk = stop('after-malloc').snapshot.heap.window.chunks.find((c) => c.state === 'in-use' && !c.internal && c.allocatedAt?.line === 21)!;
    assert.ok(appeared.includes(userChunk.address), `${userChunk.address} in ${appeared.join(', ')}`);
    await h.close();
  });

  it('stack: frames top to bottom with return address, saved rbp, every slot and padding; the current one highlighted', async () => {
    const h = await open('in-escape');
    await h.showView('stack');
    const s = stop('in-escape').snapshot;
    const frames = await h.page.$$eval('[data-testid=stack-view] article.frame', (els) => els.map((e) => ({ fn: e.getAttribute('data-function'), current: e.classList.contains('current') })));
    assert.deepEqual(frames, [{ fn: 'main', current: false }, { fn: 'escape', current: true }], 'main above escape: higher addresses first');
    const rows = await h.page.$$eval('[data-testid=stack-view] article[data-function=escape] tbody tr', (els) => els.map((e) => ({ kind: e.getAttribute('data-kind'), name: e.getAttribute('data-name'), address: e.getAttribute('data-address') })));
    assert.deepEqual(rows.slice(0, 2).map((r) => r.kind), ['return-address', 'saved-rbp']);
    const escape = s.frames[0];
    for (const slot of escape.slots) assert.ok(rows.some((r) => r.kind === 'slot' && r.name === slot.name && n(r.address!) === n(slot.address)), `slot ${slot.name}`);
    const addresses = rows.map((r) => n(r.address!));
    assert.deepEqual(addresses, [...addresses].sort((a, b) => b - a), 'memory order, highest first');
    const small = await h.page.$eval('[data-testid=stack-view] article[data-function=main] tr[data-name=small]', (e) => ({ uninit: e.classList.contains('uninit'), text: e.textContent }));
    assert.ok(small.uninit && /uninitialized/.test(small.text ?? ''));
    assert.ok(await h.page.$('[data-testid=stack-view] article[data-function=main] tr[data-kind=padding]'), "gcc's padding in main's frame");
    await h.close();
  });

  it('stack: a frame that returned stays, faded, with its values', async () => {
    const h = await open('after-escape');
    await h.showView('stack');
    const returned = await h.page.$eval('[data-testid=stack-view] article[data-returned=true]', (e) => ({ fn: e.getAttribute('data-function'), opacity: getComputedStyle(e).opacity, local: e.querySelector('tr[data-name=local]')?.textContent }));
    assert.equal(returned.fn, 'escape');
    assert.ok(Number(returned.opacity) < 1, 'drawn faded');
    assert.match(returned.local ?? '', /42/);
    await h.close();
  });

  it('pointers: arrows from the variables to what they point at, the dangling ones drawn distinctly', async () => {
    const h = await open('after-free');
    await h.showView('pointers');
    const s = stop('after-free').snapshot;
    await h.page.waitForSelector('[data-testid=pointer-arrows] path.arrow', { state: 'attached' });
    const arrows = await h.page.$$eval('[data-testid=pointer-arrows] path.arrow', (els) => els.map((e) => ({
      from: e.getAttribute('data-from'), to: e.getAttribute('data-to'), dangling: e.classList.contains('dangling'),
      x1: Number(e.getAttribute('data-x1')), y1: Number(e.getAttribute('data-y1')), x2: Number(e.getAttribute('data-x2')), y2: Number(e.getAttribute('data-y2')),
      dash: getComputedStyle(e).strokeDasharray,
    })));
    assert.equal(arrows.length, s.pointers.length);
    const a = s.pointers.find((p) => p.path === 'a')!;
    const arrowA = arrows.find((x) => x.from === 'slot:main:0:a')!;
    assert.equal(arrowA.to, `heap:${(a.target as { chunk: string }).chunk}`);
    assert.ok(arrowA.dangling && arrowA.dash !== 'none', 'into a freed block: dashed');
    const b = arrows.find((x) => x.from === 'slot:main:0:b')!;
    assert.ok(!b.dangling && b.dash === 'none');
    // The endpoints sit on the holder's right edge and the target's left edge.
    const box = await h.page.$eval('[data-testid=pointers-view] .columns', (e) => { const r = e.getBoundingClientRect(); return { left: r.left, top: r.top }; });
    const holder = await h.page.$eval('[data-holder="slot:main:0:a"]', (e) => { const r = e.getBoundingClientRect(); return { right: r.right, mid: r.top + r.height / 2 }; });
    const target = await h.page.$eval(`[data-target="heap:${(a.target as { chunk: string }).chunk}"]`, (e) => { const r = e.getBoundingClientRect(); return { left: r.left, mid: r.top + r.height / 2 }; });
    assert.ok(Math.abs(arrowA.x1 - (holder.right - box.left)) <= 1 && Math.abs(arrowA.y1 - (holder.mid - box.top)) <= 1, 'starts at the variable');
    assert.ok(Math.abs(arrowA.x2 - (target.left - box.left)) <= 1 && Math.abs(arrowA.y2 - (target.mid - box.top)) <= 1, 'ends at the chunk');
    await h.page.click('[data-testid=pointers-view] input[type=checkbox]');
    await h.page.waitForSelector('[data-testid=pointer-arrows]', { state: 'detached' });
    await h.until('the layout message', () => h.posted.some((m) => m.type === 'layout'));
    assert.ok(h.posted.some((m) => m.type === 'layout' && !m.layout.arrows), 'turning arrows off is remembered');
    await h.close();
  });

  it('pages: the walk of rsp splits it into the four indices and the offset, then follows the tables', async () => {
    const h = await open('after-fault');
    await h.showView('pages');
    const s = stop('after-fault').snapshot;
    const rsp = n(s.registers.rsp);
    const expected = splitVirtualAddress(rsp);
    await h.page.waitForSelector('[data-testid=walk-steps] li[data-level=PT]');
    const parts = await h.page.$$eval('[data-testid=walk-indices] .part', (els) => els.map((e) => ({ level: e.getAttribute('data-level'), value: e.querySelector('strong')?.textContent })));
    assert.deepEqual(parts, [
      { level: 'PML4', value: String(expected.indices[0]) }, { level: 'PDPT', value: String(expected.indices[1]) },
      { level: 'PD', value: String(expected.indices[2]) }, { level: 'PT', value: String(expected.indices[3]) },
      { level: 'offset', value: '0x' + expected.offset.toString(16) },
    ]);
    const steps = await h.page.$$eval('[data-testid=walk-steps] li[data-level]', (els) => els.map((e) => [e.getAttribute('data-level'), Number(e.getAttribute('data-index'))]));
    assert.deepEqual(steps, [['PML4', expected.indices[0]], ['PDPT', expected.indices[1]], ['PD', expected.indices[2]], ['PT', expected.indices[3]]]);
    assert.equal(await h.page.textContent('[data-counter=minor]'), String(s.counters.minorFaults));
    const bss = await h.page.$eval('[data-testid=pages-view] li[data-role=bss] .strip', (e) => e.getAttribute('aria-label'));
    assert.match(bss ?? '', /1 of \d+ pages resident/);
    await h.close();
  });

  it('address space: mappings highest first with residency, the break marked, a mapping opens its details, maps one click away', async () => {
    const h = await open('after-malloc');
    await h.showView('address-space');
    const s = stop('after-malloc').snapshot;
    const roles = await h.page.$$eval('[data-testid=live-address-space] li.row', (els) => els.map((e) => e.getAttribute('data-role')));
    assert.ok(roles.indexOf('stack') < roles.indexOf('heap') && roles.indexOf('heap') < roles.indexOf('text'));
    assert.ok(roles.includes('gap'));
    assert.match(await h.page.textContent('[data-testid=brk]') ?? '', new RegExp(s.addressSpace.brk.slice(2)));
    await h.page.click('[data-testid=live-address-space] li[data-role=heap] button.body');
    const details = await h.page.waitForSelector('[data-testid=region-details]');
    assert.match(await details.textContent() ?? '', /anonymous memory/);
    await h.page.click('[data-testid=live-address-space] .head button');
    assert.equal(await h.page.textContent('[data-testid=maps-text]'), s.addressSpace.mapsText);
    await h.close();
  });

  it('counters: the chart across the steps with faults, brk and mmap marked; a click asks to go to that step', async () => {
    const h = await open('leaked');
    await h.showView('counters');
    await h.page.waitForSelector('[data-testid=counters-chart] [data-mark]');
    const marks = await h.page.$$eval('[data-testid=counters-chart] [data-mark]', (els) => els.map((e) => e.getAttribute('data-mark')));
    for (const kind of ['fault', 'brk', 'mmap']) assert.ok(marks.includes(kind), `a ${kind} mark in ${marks.join(',')}`);
    const now = await h.page.getAttribute('[data-testid=current-step]', 'data-step');
    assert.equal(Number(now), stop('leaked').snapshot.steps);
    const chart = await h.page.$('[data-testid=counters-chart]');
    const box = (await chart!.boundingBox())!;
    await h.page.mouse.click(box.x + box.width * 0.3, box.y + box.height / 2);
    await h.until('a go-to-step request', () => h.requests.some((r) => r.kind === 'go-to-step'));
    const goTo = h.requests.find((r) => r.kind === 'go-to-step');
    assert.ok(goTo && goTo.kind === 'go-to-step' && goTo.step > 0 && goTo.step < Number(now), JSON.stringify(goTo));
    await h.page.focus('[data-testid=counters-chart]');
    await h.page.keyboard.press('Home');
    await h.page.keyboard.press('Enter');
    await h.until('a go-to-step 0 request', () => h.requests.some((r) => r.kind === 'go-to-step' && r.step === 0));
    assert.ok(h.requests.some((r) => r.kind === 'go-to-step' && r.step === 0), 'keyboard: Home, Enter goes to the first sample');
    await h.close();
  });

  it('report: the live leak summary and each loss linked to its line', async () => {
    const h = await open('leaked');
    await h.showView('report');
    const s = stop('leaked').snapshot;
    const definitely = await h.page.textContent('[data-testid=leak-summary] tr[data-class=definitelyLost] td');
    assert.equal(definitely, `${s.leaks!.definitelyLost.bytes} B in 1 block`);
    await h.page.click('[data-testid=report-view] .lost button.link');
    await h.until('a reveal message', () => h.posted.some((m) => m.type === 'reveal'));
    assert.ok(h.posted.some((m) => m.type === 'reveal' && m.line === 39), 'the allocation line of the lost block');
    assert.ok(await h.page.$('[data-testid=narration]'), 'the narration area is there for the tutorials');
    await h.close();
  });

  it('layout: tabs with arrow keys, a split of two views, both remembered', async () => {
    const h = await open('after-free');
    await h.page.focus('[data-pane="0"] [role=tab][aria-selected=true]');
    const before = await h.page.getAttribute('[data-pane="0"] [role=tab][aria-selected=true]', 'data-view');
    await h.page.keyboard.press('ArrowRight');
    const afterKey = await h.page.getAttribute('[data-pane="0"] [role=tab][aria-selected=true]', 'data-view');
    assert.notEqual(afterKey, before);
    assert.equal(await h.page.evaluate('document.activeElement.getAttribute("data-view")'), afterKey, 'focus follows the selected tab');
    await h.page.click('[data-testid=toggle-split]');
    assert.equal((await h.page.$$('[data-pane]')).length, 2);
    await h.until('the split layout message', () => h.posted.some((m) => m.type === 'layout' && m.layout.mode === 'split'));
    const layouts = h.posted.filter((m) => m.type === 'layout');
    assert.equal(layouts[layouts.length - 1].type === 'layout' && layouts[layouts.length - 1].layout.mode, 'split');
    // A restarted webview gets the remembered layout from the host.
    await h.send({ type: 'layout', version: CONTRACT_VERSION, layout: { mode: 'tabs', views: ['pages', 'stack'], motion: false, arrows: true } });
    await h.page.waitForSelector('[data-pane="0"] [role=tabpanel][data-view=pages]');
    assert.equal(await h.page.evaluate('document.body.classList.contains("motion")'), false, 'transitions off');
    await h.close();
  });

  it('every view has an accessible name, and every control is reachable with the keyboard', async () => {
    const h = await open('after-free', 'high-contrast', 380);
    for (const view of ['address-space', 'stack', 'heap', 'pointers', 'pages', 'counters', 'report']) {
      await h.showView(view);
      const label = await h.page.$eval('[data-pane="0"] [role=tabpanel] > section', (e) => e.getAttribute('aria-label'));
      assert.ok(label && label.length > 3, `${view} is labelled`);
      const unnamed = await h.page.$$eval('[data-pane="0"] button', (els) => els.filter((e) => !(e.getAttribute('aria-label') || e.textContent?.trim())).length);
      assert.equal(unnamed, 0, `${view}: every button has a name`);
    }
    const overflow = await h.page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1');
    assert.ok(overflow, 'nothing overflows a 380-pixel side panel');
    await h.close();
  });
});

describe('Screenshots of every view (light, dark, high contrast)', function () {
  this.timeout(120_000);
  const VIEWS: [string, string][] = [
    ['address-space', 'after-malloc'], ['stack', 'after-escape'], ['heap', 'after-free'], ['pointers', 'after-free'],
    ['pages', 'after-fault'], ['counters', 'leaked'], ['report', 'leaked'],
  ];

  for (const theme of ['light', 'dark', 'high-contrast'] as const) {
    it(`writes ${theme} screenshots`, async () => {
      for (const [view, at] of VIEWS) {
        const h = await open(at, theme);
        await h.showView(view);
        if (view === 'pointers') await h.page.waitForSelector('[data-testid=pointer-arrows] path.arrow', { state: 'attached' });
        if (view === 'pages') await h.page.waitForSelector('[data-testid=walk-steps]');
        if (view === 'counters') await h.page.waitForSelector('[data-testid=counters-chart] [data-mark]');
        const file = await h.screenshot(`${view}-${theme}`);
        assert.ok(file.endsWith('.png'));
        assert.deepEqual(h.errors, [], `${view} in ${theme}: no errors in the page`);
        await h.close();
      }
    });
  }

  it('writes the narrow side-panel and split layouts', async () => {
    const narrow = await open('after-free', 'dark', 360);
    await narrow.showView('heap');
    await narrow.screenshot('heap-narrow-dark');
    await narrow.close();
    const wide = await open('after-free', 'light', 1600);
    await wide.page.click('[data-testid=toggle-split]');
    await wide.screenshot('split-wide-light');
    await wide.close();
  });
});
