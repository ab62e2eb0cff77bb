/**
 * The tutorials in the panel, in a real Chromium: the tour card over the views (narration, a
 * question with its choices, the answer posted to the host, the reveal with its verdict), the
 * Report view's narration log, the examples view, and the walkthrough pictures drawn with each
 * theme's colours (inlined as VS Code inlines a walkthrough's SVG). Screenshots in light, dark
 * and high contrast go to out/test-results/component-screenshots/.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { type Browser, chromium } from 'playwright-core';
import { CONTRACT_VERSION } from '../../src/shared/version';
import { type TourState, TOUR_VERSION } from '../../src/shared/tour';
import type { ExampleTopic } from '../../src/shared/tutorials';
import { recordedAnswers, recordedStops } from './recordedStops';
import { CHROMIUM, ROOT, type ThemeKind, WebviewHarness } from './webviewHarness';

let browser: Browser;

before(async function () {
  this.timeout(60_000);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
});

after(async () => {
  await browser?.close();
});

const asked: TourState = {
  version: TOUR_VERSION, cause: 'stop', steps: 5, line: 37, annotated: true, reveals: [], exitNarration: [], milestones: [],
  narration: [{ line: 37, text: 'This line calls make_greeting and ignores what it returns.' }],
  question: {
    id: 0, line: 37, kind: 'choice', prompt: 'What happens to the 64 bytes?',
    choices: ['They are freed, because nothing uses them any more', 'They stay allocated, and no pointer to them is left', 'They went away with the stack frame'],
  },
};

const revealed: TourState = {
  version: TOUR_VERSION, cause: 'stop', steps: 14, line: 38, annotated: true, narration: [], exitNarration: [], milestones: [],
  reveals: [{
    id: 0, line: 37, prompt: asked.question!.prompt, answer: asked.question!.choices[0], judgement: 'wrong', right: [asked.question!.choices[1]],
    text: 'C never frees anything for you. The block is still in use on the heap, but no pointer to it is left: definitely lost.',
  }],
};

const topics: ExampleTopic[] = [
  { id: 'forgotten-free', title: 'Forgotten free (C)', walkthrough: 'leaks', examples: [{ path: 'forgotten-free/forgotten-free.c', title: 'Forgotten free: greetings nobody frees', language: 'c' }] },
];

async function open(theme: ThemeKind, width = 1100): Promise<WebviewHarness> {
  const h = await WebviewHarness.launch(browser, theme, width);
  const s = [...recordedStops().values()][0];
  h.answerWith(recordedAnswers(s));
  await h.send({ type: 'examples', version: CONTRACT_VERSION, topics });
  await h.stop(s.snapshot, 'forgotten-free.c');
  await h.page.waitForSelector('[data-testid=live-panel]');
  return h;
}

describe('Tutorials in the panel (Chromium)', function () {
  this.timeout(60_000);

  it('a question pauses with its choices; the picked one is posted as the answer; the reveal says if it was right', async () => {
    const h = await open('dark');
    await h.send({ type: 'tour', version: CONTRACT_VERSION, state: asked });
    await h.page.waitForSelector('[data-testid=tour-question]');
    assert.deepEqual(await h.page.$$eval('[data-testid=tour-narration]', (els) => els.map((e) => e.textContent?.trim())), ['This line calls make_greeting and ignores what it returns.']);
    assert.equal((await h.page.$$('[data-testid=tour-choice]')).length, 3);
    assert.equal(await h.page.$eval('[data-testid=tour-answer]', (e) => (e as unknown as { disabled: boolean }).disabled), true, 'nothing to lock in before a choice');
    await h.page.click('[data-testid=tour-choice]:nth-of-type(1) input');
    await h.page.click('[data-testid=tour-answer]');
    await h.until('the answer', () => h.posted.some((m) => m.type === 'answer'));
    assert.deepEqual(h.posted.filter((m) => m.type === 'answer'), [{ type: 'answer', version: CONTRACT_VERSION, question: 0, answer: 0 }]);
    await h.send({ type: 'tour', version: CONTRACT_VERSION, state: { ...asked, cause: 'answer', narration: [], question: { ...asked.question!, answer: 0 } } });
    await h.page.waitForSelector('[data-testid=tour-answered]');
    assert.match((await h.page.textContent('[data-testid=tour-answered]')) ?? '', /Your prediction: “They are freed/);
    assert.ok(await h.page.$('[data-testid=tour-narration]'), 'the answer keeps the stop\'s narration');
    await h.screenshot('tour-question-dark');

    await h.send({ type: 'tour', version: CONTRACT_VERSION, state: revealed });
    await h.page.waitForSelector('[data-testid=tour-reveal][data-judgement=wrong]');
    const reveal = (await h.page.textContent('[data-testid=tour-reveal]')) ?? '';
    assert.match(reveal, /Not quite/);
    assert.match(reveal, /The answer: They stay allocated/);
    assert.equal(await h.page.$('[data-testid=tour-question]'), null, 'no question waits any more');
    await h.screenshot('tour-reveal-dark');

    // The Report view logs everything said so far, each linked to its line.
    await h.showView('report');
    const log = await h.page.$$eval('[data-testid=narration-log] li', (els) => els.map((e) => e.textContent?.replace(/\s+/g, ' ').trim()));
    assert.deepEqual(log, [
      'line 37 This line calls make_greeting and ignores what it returns.',
      'line 37 What happens to the 64 bytes?',
      'line 37 Not quite (They stay allocated, and no pointer to them is left): C never frees anything for you. The block is still in use on the heap, but no pointer to it is left: definitely lost.',
    ]);
    assert.deepEqual(h.errors, []);
    await h.close();
  });

  it('a free answer is typed; the examples view opens and steps through an example', async () => {
    const h = await open('light');
    await h.send({ type: 'tour', version: CONTRACT_VERSION, state: { ...asked, question: { id: 1, line: 42, kind: 'free', prompt: 'How many blocks are lost?', choices: [] } } });
    await h.page.fill('[data-testid=tour-typed]', '  1000 ');
    await h.page.click('[data-testid=tour-answer]');
    await h.until('the typed answer', () => h.posted.some((m) => m.type === 'answer'));
    assert.deepEqual(h.posted.filter((m) => m.type === 'answer').map((m) => m.type === 'answer' && m.answer), ['1000']);
    await h.screenshot('tour-free-light');
    await h.showView('examples');
    assert.deepEqual(await h.page.$$eval('[data-testid=examples-view] li', (els) => els.map((e) => e.getAttribute('data-example'))), ['forgotten-free/forgotten-free.c']);
    await h.page.click('[data-testid=example-step]');
    await h.until('open-example', () => h.posted.some((m) => m.type === 'open-example'));
    assert.deepEqual(h.posted.filter((m) => m.type === 'open-example'), [{ type: 'open-example', version: CONTRACT_VERSION, path: 'forgotten-free/forgotten-free.c', step: true }]);
    await h.close();
  });

  it('high contrast and a narrow panel keep the card readable', async () => {
    const h = await open('high-contrast', 380);
    await h.send({ type: 'tour', version: CONTRACT_VERSION, state: asked });
    await h.page.waitForSelector('[data-testid=tour-question]');
    await h.screenshot('tour-question-high-contrast-narrow');
    assert.deepEqual(h.errors, []);
    await h.close();
  });

  for (const theme of ['light', 'dark', 'high-contrast'] as const) {
    it(`the walkthrough pictures use the ${theme} theme's colours`, async () => {
      const h = await WebviewHarness.launch(browser, theme, 1000, 1400);
      const dir = path.join(ROOT, 'media', 'walkthroughs');
      const svgs = fs.readdirSync(dir).filter((f) => f.endsWith('.svg')).sort();
      assert.ok(svgs.length >= 6);
      for (const f of svgs) {
        const text = fs.readFileSync(path.join(dir, f), 'utf8');
        // VS Code draws a walkthrough's SVG in a webview whose CSP refuses <style> and style="": colours go in attributes.
        assert.ok(!/<style|style=/.test(text), `${f} has no <style> element or style attribute`);
        assert.ok(!/(href|src)="(https?:|\/\/)/.test(text), `${f} loads nothing from the network`);
        assert.ok(!/(fill|stroke)="#/.test(text), `${f} takes every colour from the theme`);
      }
      const markup = svgs.map((f) => `<div style="display:inline-block;margin:4px">${fs.readFileSync(path.join(dir, f), 'utf8')}</div>`).join('');
      await h.page.evaluate(`document.body.innerHTML = ${JSON.stringify(markup)}`);
      const [background, editor] = await h.page.evaluate(`[getComputedStyle(document.querySelector('svg > rect')).fill, getComputedStyle(document.body).backgroundColor]`) as [string, string];
      assert.equal(background, editor, 'the picture\'s background is the editor\'s, in this theme');
      await h.screenshot(`walkthrough-media-${theme}`);
      await h.close();
    });
  }
});
