/**
 * A JavaScript file stepped through garbage collections in a real VS Code: "Step Through This
 * File" on gc_tour.js, then a breakpoint past a loop that fills the young generation and one past
 * `global.gc()`. The panel's managed-heap view shows the survivor appear in new space, then at a
 * new address after the scavenges (the ghost of its old place drawn), then in old space, with the
 * collections listed; Variables shows the object with its heap address.
 */
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ManagedObjectView } from '../../../src/shared/managedHeapSnapshot';
import { hasRunnerChannel, screenshotWebview, screenshotWorkbench, webviewClick, webviewEval } from './runnerChannel';
import { until } from './until';
import { api, debugSession, panelAtLine } from './memoryAtlasSession';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const program = vscode.Uri.file(path.join(repoRoot, 'test', 'fixtures', 'views', 'gc_tour.js'));

/** The survivor (`{ name: 'survivor' }`, made on line 2) in the panel's snapshot. */
async function survivor(): Promise<ManagedObjectView> {
  const heap = (await api()).panel()?.stop?.managedHeap;
  assert.ok(heap, 'a JavaScript stop has a managed heap');
  const o = heap.objects.find((x) => x.line === 2 && x.label === 'Object');
  assert.ok(o, `the survivor is among ${heap.objects.length} objects`);
  return o;
}

/** Where the view draws an object: its strip button's address and space. */
function drawn(ref: number): Promise<{ address: string; space: string } | null> {
  return webviewEval(`(() => { const b = document.querySelector('[data-testid=managed-spaces] button.obj[data-ref="${ref}"]');
    return b ? { address: b.dataset.address, space: b.dataset.space } : null; })()`);
}

async function continueToBreakpointAt(line: number): Promise<void> {
  const breakpoint = new vscode.SourceBreakpoint(new vscode.Location(program, new vscode.Position(line - 1, 0)));
  vscode.debug.addBreakpoints([breakpoint]);
  try {
    // The breakpoint reaches the adapter as setBreakpoints; ask it until it has it.
    await until(`the breakpoint at line ${line} verified`, async () => {
      const all = (await debugSession().customRequest('setBreakpoints', { source: { path: program.fsPath }, breakpoints: [{ line }] })) as { breakpoints: { verified: boolean }[] };
      return all.breakpoints[0]?.verified || undefined;
    });
    // Continue on this session's thread (a command would act on whichever session VS Code has focused).
    await debugSession().customRequest('continue', { threadId: 1 });
    await panelAtLine(line);
  } finally {
    vscode.debug.removeBreakpoints([breakpoint]);
  }
}

describe('Memory Atlas: a JavaScript file through garbage collections', function () {
  this.timeout(180_000);

  before(async function () {
    if (!hasRunnerChannel()) this.skip();
    // A session of an earlier suite may still be ending: this suite's session is the one on gc_tour.js.
    while (vscode.debug.activeDebugSession) {
      const old = vscode.debug.activeDebugSession;
      await vscode.debug.stopDebugging(old);
      await until('the earlier session to end', () => vscode.debug.activeDebugSession?.id !== old.id || undefined, 10_000);
    }
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(program), vscode.ViewColumn.One);
    assert.ok(await vscode.commands.executeCommand('memoryAtlas.stepThrough', program));
    await until('the debug session on gc_tour.js', () => {
      const s = vscode.debug.activeDebugSession;
      return s?.type === 'memory-atlas' && String(s.configuration.program) === program.fsPath ? true : undefined;
    });
    await until('the panel with a stop', async () => (await api()).panel()?.stop);
    await panelAtLine(2);
  });

  after(async () => {
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints.filter((b) => b instanceof vscode.SourceBreakpoint && b.location.uri.toString() === program.toString()));
    const s = vscode.debug.activeDebugSession;
    if (s) {
      await vscode.debug.stopDebugging(s);
      await until('the session to end', () => vscode.debug.activeDebugSession?.id !== s.id || undefined, 10_000);
    }
  });

  it('the survivor appears in new space, moves in the scavenges, and ends in old space after global.gc()', async () => {
    await webviewClick(`[data-pane="0"] [role=tab][data-view="managed-heap"]`);
    await until('the managed-heap view', () => webviewEval<boolean>(`!!document.querySelector('[data-testid=managed-heap-view]')`));
    await debugSession().customRequest('next', { threadId: 1 });
    await panelAtLine(3);
    const young = await survivor();
    assert.equal(young.space, 'new');
    assert.equal(young.isNew, true, 'marked as allocated since the last stop');
    assert.deepEqual(await until('the survivor drawn in new space', () => drawn(young.ref).then((d) => d ?? undefined)), { address: young.address, space: 'new' });
    const locals = (await debugSession().customRequest('scopes', { frameId: 0 })) as { scopes: { name: string; variablesReference: number }[] };
    const module = locals.scopes.find((s) => s.name === 'Module')!;
    const vars = (await debugSession().customRequest('variables', { variablesReference: module.variablesReference })) as { variables: { name: string; value: string; memoryReference?: string }[] };
    const keep = vars.variables.find((v) => v.name === 'keep');
    assert.ok(keep && /survivor/.test(keep.value), JSON.stringify(keep));
    assert.equal(keep.memoryReference !== undefined ? BigInt(keep.memoryReference) : undefined, BigInt(young.address), 'Variables gives the object its heap address');

    // Past the loop: 40,000 short-lived objects filled new space, and the scavenges copied the survivor.
    await continueToBreakpointAt(5);
    const moved = await survivor();
    const heap = (await api()).panel()!.stop!.managedHeap!;
    assert.ok(heap.events.some((e) => e.kind === 'scavenge'), `scavenges ran: ${heap.events.map((e) => e.kind).join(', ')}`);
    assert.notEqual(moved.address, young.address, 'a scavenge moved it');
    assert.equal(moved.movedFrom, young.address, 'the view is told where it was');
    await until('the survivor drawn at its new address, its old place a ghost', async () => {
      const d = await drawn(moved.ref);
      const ghost = await webviewEval<boolean>(`!!document.querySelector('[data-testid=managed-spaces] [data-ghost="${moved.ref}"]')`);
      return d?.address === moved.address && ghost ? true : undefined;
    });
    const listed = await webviewEval<number>(`document.querySelectorAll('[data-testid=gc-events] li, [data-testid=gc-events] tr[data-kind]').length`);
    assert.ok(listed > 0, 'the collections are listed');
    // The README's picture, written by the run: the survivor at its new address, its old place a ghost.
    await screenshotWorkbench(path.join(repoRoot, 'media', 'screenshots', 'managed-heap.png'));

    // Past global.gc(): a full collection; the survivor, promoted, is in old space.
    await continueToBreakpointAt(7);
    const old = await survivor();
    assert.equal(old.space, 'old');
    await until('the survivor drawn in old space', async () => ((await drawn(old.ref))?.space === 'old' ? true : undefined));
    assert.ok((await api()).panel()!.stop!.managedHeap!.events.some((e) => e.kind === 'mark-sweep'), 'global.gc() ran a mark-sweep');
  });

  it('with the "Garbage collection" filter on, pauses where a scavenge starts and Step Into draws its work unit by unit', async () => {
    const gcLine = () => webviewEval<{ phase: string; text: string } | null>(`(() => { const p = document.querySelector('[data-testid=gc-progress]');
      return p ? { phase: p.dataset.phase, text: p.textContent } : null; })()`);
    // Back to the start (no breakpoints are left, so reverse continue goes to the entry), then forward with the filter on.
    // Requests on this session's thread, as the suite's other steps send them (the filter as the Breakpoints view sends it).
    await debugSession().customRequest('reverseContinue', { threadId: 1 });
    await panelAtLine(2);
    await debugSession().customRequest('setExceptionBreakpoints', { filters: ['gc'] });
    try {
      await debugSession().customRequest('continue', { threadId: 1 });
      await panelAtLine(4);
      const started = await until('the scavenge drawn as starting', async () => {
        const g = await gcLine();
        return g && /0 units so far/.test(g.text) ? g : undefined;
      });
      assert.equal(started.phase, 'roots');
      assert.equal((await api()).panel()!.stop!.managedHeap!.gc?.kind, 'scavenge');
      for (let unit = 1; unit <= 3; unit++) {
        await debugSession().customRequest('stepIn', { threadId: 1 });
        await until(`unit ${unit} drawn`, async () => ((await gcLine())?.text.includes(`${unit} units so far`) ? true : undefined));
      }
      const heap = (await api()).panel()!.stop!.managedHeap!;
      assert.equal(heap.gc?.steps, 3, 'three units of the scavenge done, the program still before the same statement');
      assert.ok(heap.gc!.counts.white + heap.gc!.counts.grey + heap.gc!.counts.black > 0, 'the objects carry their colours');
      // The README's picture of a collection stepped through (the panel: its progress line and the objects' colours).
      await screenshotWebview(path.join(repoRoot, 'media', 'screenshots', 'gc-stepping.png'));
    } finally {
      await debugSession().customRequest('setExceptionBreakpoints', { filters: [] });
    }
    // Step Over finishes the collection: nothing in progress at the next stop.
    await debugSession().customRequest('next', { threadId: 1 });
    await until('the collection finished', async () => ((await gcLine()) === null ? true : undefined));
  });
});
