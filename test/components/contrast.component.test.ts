/**
 * Text must stand out from what is drawn behind it, in the light, dark and high contrast themes:
 * measured on the rendered pixels, not on computed styles (a box whose background is a
 * semi-transparent theme colour, or text drawn over a bar, fools a style check). Each element's
 * box is screenshotted, its most frequent colour taken as the background and its pixel farthest
 * from it (by WCAG's contrast ratio) as the text's colour; WCAG AA asks for 4.5:1.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { type Browser, chromium } from 'playwright-core';
import { describeCProgram } from '../../src/lang/c/program/describeCProgram';
import { CParser } from '../../src/lang/c/parser';
import { nodeModulesLocator } from '../../src/lang/c/nodeModulesLocator';
import { CONTRACT_VERSION } from '../../src/shared/version';
import type { ImageSnapshot } from '../../src/shared/imageSnapshot';
import { recordedAnswers, recordedStops } from './recordedStops';
import { CHROMIUM, ROOT, type ThemeKind, WebviewHarness } from './webviewHarness';

const AA = 4.5;
const THEMES: readonly ThemeKind[] = ['light', 'dark', 'high-contrast'];
/** The image panel's text: region names and descriptions, addresses, section chips, symbols, the table. */
const IMAGE_TEXT = ['.region .title', '.region .desc', '.address-space .addr', '.sym-addr', '.symbol', '[data-testid=symbol-table] td', '[data-testid=symbol-table] th'];
/** The live views' address-space rows and their addresses. */
const LIVE_TEXT = ['[data-testid=live-address-space] .title', '[data-testid=live-address-space] .addr', '[data-testid=live-address-space] .resident'];

let browser: Browser;
let image: ImageSnapshot;

before(async function () {
  this.timeout(60_000);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  const parser = await CParser.create(nodeModulesLocator);
  const file = path.join(ROOT, 'media', 'examples', 'where-things-live.c');
  image = describeCProgram(parser, fs.readFileSync(file, 'utf8'), 'where-things-live.c');
});

after(async () => {
  await browser?.close();
});

interface Measured { readonly selector: string; readonly text: string; readonly ratio: number; readonly background: string; readonly foreground: string }

/** The contrast of up to `most` visible elements matching each selector, from their pixels. */
async function measure(h: WebviewHarness, selectors: readonly string[], most = 6): Promise<Measured[]> {
  const out: Measured[] = [];
  for (const selector of selectors) {
    const elements = await h.page.$$(selector);
    assert.ok(elements.length > 0, `nothing matches ${selector}`);
    for (const element of elements.slice(0, most)) {
      await element.scrollIntoViewIfNeeded();
      const box = await element.boundingBox();
      const text = ((await element.textContent()) ?? '').trim().slice(0, 40);
      if (!box || box.width < 2 || box.height < 2 || !text) continue;
      const png = await h.page.screenshot({ clip: box });
      const m = await h.page.evaluate(`(${PIXEL_CONTRAST})(${JSON.stringify(png.toString('base64'))})`) as { ratio: number; background: string; foreground: string };
      out.push({ selector, text, ...m });
    }
  }
  return out;
}

/** Runs in the page (a string: the tests have no DOM types): decodes the PNG on a canvas, finds the background and the text colour. */
const PIXEL_CONTRAST = `async (base64) => {
  const img = new Image();
  img.src = 'data:image/png;base64,' + base64;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = img.width;
  canvas.height = img.height;
  const g = canvas.getContext('2d');
  g.drawImage(img, 0, 0);
  const data = g.getImageData(0, 0, img.width, img.height).data;
  const counts = new Map();
  for (let i = 0; i < data.length; i += 4) {
    const key = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let background = 0, most = -1;
  for (const [key, n] of counts) if (n > most) { most = n; background = key; }
  const channel = (c) => { const s = c / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
  const luminance = (key) => 0.2126 * channel((key >> 16) & 255) + 0.7152 * channel((key >> 8) & 255) + 0.0722 * channel(key & 255);
  const ratioOf = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  let foreground = background, ratio = 1;
  for (const key of counts.keys()) {
    const r = ratioOf(key, background);
    if (r > ratio) { ratio = r; foreground = key; }
  }
  const hex = (key) => '#' + key.toString(16).padStart(6, '0');
  return { ratio, background: hex(background), foreground: hex(foreground) };
}`;

function failures(measured: readonly Measured[]): string[] {
  return measured.filter((m) => m.ratio < AA).map((m) => `${m.selector} "${m.text}": ${m.foreground} on ${m.background} is ${m.ratio.toFixed(2)}:1`);
}

describe('Text contrast measured on the rendered pixels (WCAG AA, 4.5:1)', function () {
  this.timeout(120_000);

  for (const theme of THEMES) {
    it(`the process image panel in ${theme}`, async () => {
      const h = await WebviewHarness.launch(browser, theme, 1100, 900);
      await h.send({ type: 'snapshot', version: CONTRACT_VERSION, documentUri: 'file:///where-things-live.c', snapshot: image });
      await h.page.waitForSelector('[data-testid=symbol-table] td');
      const measured = await measure(h, IMAGE_TEXT);
      assert.ok(measured.length >= IMAGE_TEXT.length, 'every kind of text was measured');
      await h.page.locator('[data-role=data]').first().scrollIntoViewIfNeeded();
      await h.screenshot(`image-panel-${theme}`);
      assert.deepEqual(h.errors, []);
      await h.close();
      assert.deepEqual(failures(measured), []);
    });

    it(`the live address-space view in ${theme}`, async () => {
      const h = await WebviewHarness.launch(browser, theme, 1100, 900);
      const s = recordedStops().get('after-malloc')!;
      h.answerWith(recordedAnswers(s));
      await h.stop(s.snapshot);
      await h.page.waitForSelector('[data-testid=live-panel]');
      await h.showView('address-space');
      await h.page.waitForSelector('[data-testid=live-address-space] .title');
      const measured = await measure(h, LIVE_TEXT);
      await h.close();
      assert.deepEqual(failures(measured), []);
    });
  }
});
