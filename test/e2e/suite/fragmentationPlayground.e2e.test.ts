/**
 * "Memory Atlas: Fragmentation Playground" end to end: the seed's 24-slot heap, clicked as a
 * student would, run by the engine's first-fit allocator; light and dark screenshots.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { MemoryAtlasApi } from '../../../src/extension/extension';
import { hasRunnerChannel, screenshotWebview, waitForWebviewText, webviewClick, webviewEval } from './runnerChannel';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

const VIEW = 'Memory Atlas: Fragmentation Playground';

async function text(selector: string, holds: (t: string) => boolean): Promise<string> {
  return (await waitForWebviewText(selector, (t) => t.length > 0 && holds(t[0]), { webview: VIEW, timeoutMs: 20_000 }))[0];
}

const row = (): Promise<string> => webviewEval<string>(`[...document.querySelectorAll('[data-testid=heap] li')].map((li) => li.dataset.state === 'free' ? '.' : li.dataset.state === 'tags' ? '#' : li.dataset.block.toLowerCase()).join('')`, { webview: VIEW });

describe('Memory Atlas: Fragmentation Playground', function () {
  this.timeout(60_000);

  it('allocates and frees by clicking; a big request fails though enough slots are free', async function () {
    if (!hasRunnerChannel()) this.skip();
    await vscode.commands.executeCommand('memoryAtlas.fragmentationPlayground');
    await text('[data-testid=allocated]', (t) => t.startsWith('0 / 24'));
    for (const n of [3, 2, 4, 3, 2]) await webviewClick(`[data-testid=alloc-${n}]`, { webview: VIEW });
    await text('[data-testid=active]', (t) => t === '5');
    assert.strictEqual(await row(), '#aaa#bb#cccc#ddd#ee.....');
    await webviewClick('li[data-block="B"] button', { webview: VIEW });
    await webviewClick('li[data-block="D"] button', { webview: VIEW });
    await text('[data-testid=free-runs]', (t) => t === '3');
    await webviewClick('[data-testid=alloc-6]', { webview: VIEW });
    const message = await text('[data-testid=message]', (t) => t.includes('failed'));
    assert.match(message, /malloc\(96\) failed: it needs 7 slots in a row/);
    assert.strictEqual(await text('[data-testid=allocated]', () => true), '12 / 24');
    await screenshotWebview(path.join(repoRoot, 'media', 'screenshots', 'fragmentation-playground.png'), { webview: VIEW });
  });

  for (const [theme, light] of [['Default Light Modern', true], ['Default Dark Modern', false]] as const) {
    it(`is drawn with the theme's colours: ${theme}`, async function () {
      if (!hasRunnerChannel()) this.skip();
      await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme, vscode.ConfigurationTarget.Global);
      const deadline = Date.now() + 15_000;
      for (;;) {
        const bg = await webviewEval<string>('getComputedStyle(document.body).backgroundColor', { webview: VIEW });
        const [r, g, b] = (bg.match(/[\d.]+/g) ?? ['0', '0', '0']).map(Number);
        if ((r + g + b) / 3 > 128 === light) break;
        if (Date.now() > deadline) throw new Error(`the ${theme} colours never came: ${bg}`);
        await new Promise((res) => setTimeout(res, 100));
      }
      const shot = await screenshotWebview(`fragmentation-playground-${light ? 'light' : 'dark'}.png`, { webview: VIEW });
      assert.ok(fs.statSync(shot.path).size > 5_000);
      if (!light) {
        (await vscode.extensions.getExtension<MemoryAtlasApi>('memory-atlas.memory-atlas')!.activate()).playground()?.dispose();
        await vscode.commands.executeCommand('workbench.action.focusFirstEditorGroup');
      }
    });
  }
});
