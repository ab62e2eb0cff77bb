/**
 * "Memory Atlas: Compare Allocators" end to end: the command opens the compare view on a C file,
 * one column per allocator; its buttons step every allocator together; the figures differ where
 * the allocators do; screenshots in light and dark.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { MemoryAtlasApi } from '../../../src/extension/extension';
import { hasRunnerChannel, screenshotWebview, waitForWebviewText, webviewClick, webviewEval } from './runnerChannel';
import { until } from './until';

/** The text of the first element matching selector in the compare view, once `holds` is true of it. */
async function textWhen(selector: string, holds: (text: string) => boolean): Promise<string> {
  const texts = await waitForWebviewText(selector, (t) => t.length > 0 && holds(t[0]), { webview: VIEW, timeoutMs: 30_000 });
  return texts[0];
}

const EXTENSION_ID = 'memory-atlas.memory-atlas';
const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const example = vscode.Uri.file(path.join(repoRoot, 'media', 'examples', 'allocator-holes.c'));
const VIEW = 'Memory Atlas: Compare Allocators';

async function api(): Promise<MemoryAtlasApi> {
  const extension = vscode.extensions.getExtension<MemoryAtlasApi>(EXTENSION_ID);
  assert.ok(extension);
  return extension.isActive ? extension.exports : extension.activate();
}

/** Each column's figure by allocator, as the view shows it. */
function figure(name: string): Promise<Record<string, string>> {
  return webviewEval<Record<string, string>>(`Object.fromEntries([...document.querySelectorAll('[data-testid="figure-${name}"]')].map((td) => [td.dataset.allocator, td.textContent]))`, { webview: VIEW });
}

describe('Memory Atlas: Compare Allocators', function () {
  this.timeout(90_000);

  it('opens one column per allocator at main\'s entry', async function () {
    if (!hasRunnerChannel()) this.skip();
    const document = await vscode.workspace.openTextDocument(example);
    await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('memoryAtlas.compareAllocators', example, ['glibc', 'first-fit', 'buddy']);
    await until('the compare panel', async () => (await api()).comparePanel());
    const where = await textWhen('[data-testid=where]', (t) => /step 0/.test(t));
    assert.match(where, /step 0, line \d+/);
    const columns = await webviewEval<string[]>(`[...document.querySelectorAll('[data-testid=run]')].map((r) => r.dataset.allocator)`, { webview: VIEW });
    assert.deepStrictEqual(columns, ['glibc', 'first-fit', 'buddy']);
  });

  it('its buttons step every allocator together, and the figures differ where the allocators do', async function () {
    if (!hasRunnerChannel()) this.skip();
    const panel = (await api()).comparePanel()!;
    // Over the loops to the first printf, where 32 small blocks, 16 big ones and stdout's buffer are live.
    const printfLine = fs.readFileSync(example.fsPath, 'utf8').split('\n').findIndex((l) => l.includes('printf(')) + 1;
    await webviewClick('[data-testid=cmd-step-over]', { webview: VIEW });
    await textWhen('[data-testid=where]', (t) => !/step 0,/.test(t));
    await panel.runToLine(printfLine);
    await textWhen('[data-testid=where]', (t) => t.includes(`line ${printfLine}`));
    await panel.run('step-over'); // past the printf: its buffer is allocated
    const steps = await webviewEval<string>(`document.querySelector('[data-testid=where]').textContent`, { webview: VIEW });
    assert.match(steps, /^step \d+, line \d+$/);
    const requested = await figure('requested (live)');
    assert.deepStrictEqual(requested, { glibc: '12,096', 'first-fit': '12,096', buddy: '12,096' }, 'the same program, the same requests');
    const kernel = await figure('from the kernel');
    assert.deepStrictEqual(kernel, { glibc: '135,168', 'first-fit': '32,768', buddy: '131,184' });
    const external = await figure('external fragmentation');
    assert.strictEqual(external['first-fit'], '4,096', 'first-fit: 32 holes of 128 bytes between live blocks');
    // One heap in detail, drawn by the live panel's own heap view.
    await textWhen('[data-testid=heap-view] strong', (t) => t === 'glibc-2.36');
    await webviewClick('[data-testid=detail-buddy]', { webview: VIEW });
    await textWhen('[data-testid=heap-view] strong', (t) => t === 'buddy');
    const drawn = await webviewEval<number>(`document.querySelectorAll('[data-testid=heap-chunks] [data-state]').length`, { webview: VIEW });
    assert.ok(drawn > 40, `the heap view draws buddy's chunks (${drawn})`);
    await webviewClick('[data-testid=detail-glibc]', { webview: VIEW });
    await screenshotWebview(path.join(repoRoot, 'media', 'screenshots', 'compare-allocators.png'), { webview: VIEW });
  });

  for (const [theme, light] of [['Default Light Modern', true], ['Default Dark Modern', false]] as const) {
    it(`is drawn with the theme's colours: ${theme}`, async function () {
      if (!hasRunnerChannel()) this.skip();
      await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme, vscode.ConfigurationTarget.Global);
      await until(`the ${theme} colours`, async () => {
        const bg = await webviewEval<string>('getComputedStyle(document.body).backgroundColor', { webview: VIEW });
        const [r, g, b] = (bg.match(/[\d.]+/g) ?? ['0', '0', '0']).map(Number);
        return (r + g + b) / 3 > 128 === light || undefined;
      });
      const drawn = await webviewEval<number>(`document.querySelectorAll('[data-testid=heap-strip] .chunk').length`, { webview: VIEW });
      assert.ok(drawn > 30, `the heap strips draw the chunks (${drawn})`);
      const shot = await screenshotWebview(`compare-allocators-${light ? 'light' : 'dark'}.png`, { webview: VIEW });
      assert.ok(fs.statSync(shot.path).size > 10_000);
    });
  }

  it('runs to the end and back: the output once, every column at the same step', async function () {
    if (!hasRunnerChannel()) this.skip();
    await webviewClick('[data-testid=cmd-continue]', { webview: VIEW });
    const output = await textWhen('[data-testid=output]', (t) => t.includes('small blocks kept'));
    assert.strictEqual(output.trim(), '32 small blocks kept, checksum 3478');
    await textWhen('[data-testid=where]', (t) => t.startsWith('ended after'));
    await webviewClick('[data-testid=cmd-step-back]', { webview: VIEW });
    await textWhen('[data-testid=where]', (t) => t.startsWith('step '));
    const panel = (await api()).comparePanel()!;
    assert.ok(panel.steps > 0);
    (await api()).comparePanel()?.dispose();
    // Leave the keyboard with the editor, as a user closing the view would find it.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.focusFirstEditorGroup');
  });
});
