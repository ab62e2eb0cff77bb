/**
 * The live views follow a real debug session in a real VS Code: "Step Through This File" on
 * views_tour.c, then DAP steps; after each stop the panel's webview shows the machine as the
 * adapter's snapshot has it: a frame appears on a call and stays faded after the return, a chunk
 * appears after malloc, turns free and enters the tcache list after free, the break moves, a page
 * fault is counted on first touch.
 */
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { hasRunnerChannel, screenshotWorkbench, webviewClick, webviewEval } from './runnerChannel';
import { until } from './until';
import { api, debugSession, panelAtLine } from './memoryAtlasSession';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const program = vscode.Uri.file(path.join(repoRoot, 'test', 'fixtures', 'views', 'views_tour.c'));

/** Sends a DAP step and waits until the panel's webview shows the stop at `line`. */
async function step(kind: 'next' | 'stepIn', line: number): Promise<void> {
  await debugSession().customRequest(kind, { threadId: 1 });
  await panelAtLine(line);
}

async function show(view: string): Promise<void> {
  await webviewClick(`[data-pane="0"] [role=tab][data-view="${view}"]`);
  await until(`the ${view} view`, () => webviewEval<boolean>(`!!document.querySelector('[data-pane="0"] [role=tabpanel][data-view="${view}"]')`));
}

describe('Memory Atlas: the live views follow a debug session', function () {
  this.timeout(120_000);

  before(async function () {
    if (!hasRunnerChannel()) this.skip();
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(program), vscode.ViewColumn.One);
    assert.ok(await vscode.commands.executeCommand('memoryAtlas.stepThrough', program));
    await until('the debug session', () => vscode.debug.activeDebugSession?.type === 'memory-atlas' || undefined);
    await until('the panel with a stop', async () => (await api()).panel()?.stop);
    await panelAtLine(30);
  });

  after(async () => {
    if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging();
  });

  it('a frame appears on a call and stays, faded, after the return', async () => {
    await show('stack');
    await step('stepIn', 15);
    await until('the escape frame', () => webviewEval<boolean>(`!!document.querySelector('[data-testid=stack-view] article.frame.current[data-function=escape]')`));
    await step('next', 16);
    await step('next', 17);
    await step('next', 18);
    await step('next', 31);
    const returned = await webviewEval<{ opacity: string; local: string } | null>(`(() => {
      const f = document.querySelector('[data-testid=stack-view] article[data-returned=true][data-function=escape]');
      return f ? { opacity: getComputedStyle(f).opacity, local: f.querySelector('tr[data-name=local]')?.textContent ?? '' } : null; })()`);
    assert.ok(returned, 'the returned frame is drawn');
    assert.ok(Number(returned.opacity) < 1 && /42/.test(returned.local), JSON.stringify(returned));
  });

  it('a chunk appears after malloc, and the break moves', async () => {
    const before = (await api()).panel()!.stop!;
    await show('heap');
    await step('next', 32);
    const after = (await api()).panel()!.stop!;
    assert.ok(parseInt(after.addressSpace.brk, 16) > parseInt(before.addressSpace.brk, 16), 'the first malloc moved the break');
    const chunk = after.heap.window.chunks.find((c) => c.state === 'in-use' && c.allocatedAt?.line === 21)!;
    assert.ok(chunk, 'the snapshot has push()\'s chunk');
    await until('the new chunk drawn in use', () => webviewEval<boolean>(`document.querySelector('[data-testid=heap-chunks] button[data-address="${chunk.address}"]')?.dataset.state === 'in-use'`));
    await show('address-space');
    const brk = await webviewEval<string>(`document.querySelector('[data-testid=brk]').textContent`);
    assert.equal(parseInt(brk, 16), parseInt(after.addressSpace.brk, 16));
  });

  it('the chunk turns free and enters the tcache list after free', async () => {
    await show('heap');
    await step('next', 33);
    const a = (await api()).panel()!.stop!.pointers.find((p) => p.path === 'a')!;
    const chunk = (a.target as { chunk: string }).chunk;
    await step('next', 34);
    await until('the chunk drawn free in tcache[0]', () => webviewEval<boolean>(`(() => {
      const c = document.querySelector('[data-testid=heap-chunks] button[data-address="${chunk}"]');
      return c?.dataset.state === 'free' && c.dataset.bin === 'tcache[0]'; })()`));
    const entry = await webviewEval<string | null>(`document.querySelector('[data-testid=bin-lists] [data-bin="tcache[0]"] [data-chunk]')?.dataset.chunk ?? null`);
    assert.equal(entry, chunk);
    await screenshotWorkbench('live-views-heap.png');
  });

  it('a page fault is counted on first touch', async () => {
    await step('next', 35);
    await step('next', 36);
    await step('next', 37);
    await show('pages');
    const before = Number(await webviewEval<string>(`document.querySelector('[data-counter=minor]').textContent`));
    await step('next', 38);
    await until('one more minor fault', async () => Number(await webviewEval<string>(`document.querySelector('[data-counter=minor]').textContent`)) === before + 1);
    assert.equal((await api()).panel()!.stop!.counters.minorFaults, before + 1);
  });

  it('the counters chart asks the adapter for the history, and a click goes back to a step', async () => {
    await show('counters');
    await until('the chart', () => webviewEval<boolean>(`!!document.querySelector('[data-testid=counters-chart] [data-mark=brk]')`));
    const now = (await api()).panel()!.stop!.steps;
    await webviewEval(`(() => { const svg = document.querySelector('[data-testid=counters-chart]'); svg.focus();
      svg.dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', bubbles: true }));
      svg.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })); })()`);
    await until('the session back at the start', async () => {
      const stop = (await api()).panel()!.stop!;
      return stop.steps < now && stop.line === 30 ? stop : undefined;
    });
  });
});
