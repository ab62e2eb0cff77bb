/**
 * The tutorials in a real VS Code: every step of both walkthroughs, clicked on the Welcome page,
 * opens its example read-only and starts a debug session stopped in it; in the forgotten-free
 * tutorial a question pauses the run, is answered in the quick pick as a user would, and is
 * revealed in the panel and the editor after Continue; running the leak and its fix to their end
 * completes the walkthrough step (onContext on the milestones' context keys). Writes the README's
 * screenshot of a walkthrough in progress.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { MemoryAtlasApi } from '../../../src/extension/extension';
import { EXAMPLE_SCHEME } from '../../../src/shared/tutorials';
import { memoryAtlasLanguages } from '../../../src/debug/languages';
import {
  hasRunnerChannel, pressKeys, screenshotWorkbench, typeText, waitForWebviewText, webviewClick, webviewEval, workbenchClick, workbenchEval, workbenchHtml, workbenchText,
} from './runnerChannel';
import { until } from './until';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const EXTENSION_ID = 'memory-atlas.memory-atlas';

interface StepContribution {
  readonly id: string;
  readonly description: string;
  readonly completionEvents: readonly string[];
}
interface WalkthroughContribution {
  readonly id: string;
  readonly steps: readonly StepContribution[];
}

/** Whether the debugger runs the example's language (JavaScript joins C when src/lang/js is registered). */
const REGISTERED = new Set(memoryAtlasLanguages(path.join(repoRoot, 'dist')).map((l) => l.id));
const runs = (example: string) => REGISTERED.has(example.endsWith('.js') ? 'js' : 'c');
const JS_MISSING = 'JavaScript language not on main yet: no \'js\' in src/debug/languages.ts';

const walkthroughs = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: { walkthroughs: WalkthroughContribution[] } }).contributes.walkthroughs;

/** The example a step's first button opens (its command link's first argument). */
function firstExample(step: StepContribution): string {
  const link = /\(command:memoryAtlas\.openExample\?([^)]+)\)/.exec(step.description);
  assert.ok(link, `step ${step.id} has a button that opens an example`);
  return (JSON.parse(decodeURIComponent(link[1])) as [string])[0];
}

/** Stops (DAP `stopped` events) seen per debug session, from a tracker. */
const stops = new Map<string, { reason: string }[]>();

function session(): vscode.DebugSession {
  const s = vscode.debug.activeDebugSession;
  assert.ok(s && s.type === 'memory-atlas', 'a Memory Atlas debug session is running');
  return s;
}

async function topLine(): Promise<number> {
  const trace = (await session().customRequest('stackTrace', { threadId: 1 })) as { stackFrames: { line: number }[] };
  return trace.stackFrames[0]?.line ?? 0;
}

/** Continues (as F5 does) until the program has ended: its last stop is the exit. */
async function runToEnd(): Promise<void> {
  const s = session();
  for (let i = 0; i < 30 && (stops.get(s.id) ?? []).at(-1)?.reason !== 'exited'; i++) {
    const before = (stops.get(s.id) ?? []).length;
    await s.customRequest('continue', { threadId: 1 });
    await until('the next stop', () => (stops.get(s.id) ?? []).length > before || undefined);
  }
  assert.equal((stops.get(s.id) ?? []).at(-1)?.reason, 'exited', 'the program ran to its end');
}

async function stopAll(): Promise<void> {
  while (vscode.debug.activeDebugSession) {
    const s = vscode.debug.activeDebugSession;
    await vscode.debug.stopDebugging(s);
    await until('the session to end', () => vscode.debug.activeDebugSession?.id !== s.id || undefined, 10_000);
  }
}

async function openWalkthrough(id: string): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#${id}`, false);
  await until(`the ${id} walkthrough`, async () => (await workbenchHtml(`.getting-started-step[data-step-id="${EXTENSION_ID}#${id}#${walkthroughs.find((w) => w.id === id)!.steps[0].id}"]`)).length > 0);
}

/** Clicks a walkthrough step open, then its first button, as a user does on the Welcome page. */
async function clickStepButton(walkthrough: string, step: string): Promise<void> {
  const selector = `.getting-started-step[data-step-id="${EXTENSION_ID}#${walkthrough}#${step}"]`;
  // A click on a step's title opens it (and closes an open one: the first step starts open).
  if (!/aria-expanded="true"/.test((await workbenchHtml(selector))[0] ?? '')) await workbenchClick(selector);
  await until(`step ${step} expanded`, async () => /aria-expanded="true"/.test((await workbenchHtml(selector))[0] ?? ''));
  await workbenchClick(`${selector} a.monaco-button`);
}

describe('Memory Atlas: the tutorials as walkthroughs', function () {
  this.timeout(300_000);
  let tracker: vscode.Disposable | undefined;

  before(async function () {
    if (!hasRunnerChannel()) this.skip();
    const extension = vscode.extensions.getExtension<MemoryAtlasApi>(EXTENSION_ID)!;
    if (!extension.isActive) await extension.activate();
    tracker = vscode.debug.registerDebugAdapterTrackerFactory('memory-atlas', {
      createDebugAdapterTracker: (s) => ({
        onDidSendMessage: (m: { type?: string; event?: string; body?: { reason?: string } }) => {
          if (m.type === 'event' && m.event === 'stopped') stops.set(s.id, [...(stops.get(s.id) ?? []), { reason: m.body?.reason ?? '' }]);
        },
      }),
    });
    await stopAll();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    tracker?.dispose();
    await stopAll();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  for (const w of walkthroughs) {
    for (const step of w.steps) {
      const example = firstExample(step);
      const title = `step "${w.id} / ${step.id}" opens ${example} read-only and starts stepping through it`;
      if (!runs(example)) {
        it.skip(`${title} (skipped: ${JS_MISSING})`, () => undefined);
        continue;
      }
      it(title, async () => {
        await openWalkthrough(w.id);
        await clickStepButton(w.id, step.id);
        const s = await until(`a debug session on ${example}`, () => {
          const a = vscode.debug.activeDebugSession;
          return a?.type === 'memory-atlas' && String(a.configuration.program) === `${EXAMPLE_SCHEME}:/${example}` ? a : undefined;
        });
        await until(`${example} stopped at its entry`, () => (stops.get(s.id) ?? []).some((x) => x.reason === 'entry') || undefined);
        assert.ok((await topLine()) > 0, 'stopped at a line of the example');
        const editor = vscode.window.activeTextEditor;
        assert.equal(editor?.document.uri.toString(), `${EXAMPLE_SCHEME}:/${example}`, 'the example is the active editor');
        // Read-only: an edit is refused and nothing is written anywhere.
        const applied = await editor!.edit((b) => b.insert(new vscode.Position(0, 0), 'x'));
        assert.equal(applied && editor!.document.isDirty, false, 'the example cannot be edited');
        await stopAll();
      });
    }
  }

  it('the allocator step runs one example under three allocators side by side (Compare Allocators)', async () => {
    await openWalkthrough('fundamentals');
    const step = `.getting-started-step[data-step-id="${EXTENSION_ID}#fundamentals#allocator"]`;
    if (!/aria-expanded="true"/.test((await workbenchHtml(step))[0] ?? '')) await workbenchClick(step);
    await workbenchClick(`${step} a.monaco-button:has-text("Compare three allocators")`);
    const api = vscode.extensions.getExtension<MemoryAtlasApi>(EXTENSION_ID)!.exports;
    await until('the compare panel', () => api.comparePanel() ?? undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a question pauses the run, takes an answer in the quick pick, and reveals it after Continue; the leak and its fix complete the step', async () => {
    await openWalkthrough('leaks');
    await clickStepButton('leaks', 'forgotten-free');
    await until('the forgotten-free session', () => vscode.debug.activeDebugSession?.configuration.program === `${EXAMPLE_SCHEME}:/forgotten-free/forgotten-free.c` || undefined);
    await until('the entry stop', () => (stops.get(session().id) ?? []).length > 0 || undefined);
    // The panel opened at the first stop; its tour card says what main's first line does.
    await waitForWebviewText('[data-testid=tour-narration]', (t) => t.some((x) => /Press F5/.test(x)));
    // F5 (Continue): the run pauses at the question's line and asks it in a quick pick.
    await vscode.window.showTextDocument(vscode.window.activeTextEditor!.document, vscode.ViewColumn.One);
    await pressKeys('F5');
    await until('the question line', async () => (await topLine()) === 38 || undefined);
    const title = await until('the quick pick asking the question', async () => (await workbenchText('.quick-input-widget .quick-input-title')).find((t) => /Predict: .*64 bytes/.test(t)));
    assert.match(title, /What happens to the 64 bytes\?/);
    await waitForWebviewText('[data-testid=tour-question]', (t) => t.some((x) => /What happens to the 64 bytes/.test(x)));
    await screenshotWorkbench('tutorial-question.png');
    // Answer as a user would: type to filter the choices, Enter.
    await typeText('stay allocated');
    await pressKeys('Enter');
    await waitForWebviewText('[data-testid=tour-answered]', (t) => t.some((x) => /Your prediction: “They stay allocated/.test(x)));

    // F5 again: the line runs (through make_greeting's narrated lines), and the answer is revealed.
    const revealed = async () => (await webviewEval<string | null>(`document.querySelector('[data-testid=tour-reveal]')?.getAttribute('data-judgement') ?? null`)) ?? undefined;
    for (let i = 0; i < 4 && !(await revealed().catch(() => undefined)); i++) {
      const before = (stops.get(session().id) ?? []).length;
      await pressKeys('F5');
      await until('the next stop', () => (stops.get(session().id) ?? []).length > before || undefined);
      await new Promise((r) => setTimeout(r, 300));
    }
    assert.equal(await until('the reveal in the panel', revealed), 'right');
    assert.equal(await topLine(), 39, 'revealed once the question\'s line has finished');
    // The editor draws a decoration's text with a CSS rule (::after { content: ... }).
    const decoration = await until('the reveal beside the line in the editor', () => workbenchEval<string | null>(
      `[...document.styleSheets].flatMap((s) => { try { return [...s.cssRules]; } catch { return []; } }).map((r) => r.cssText).find((t) => t.includes('✔ C never frees anything for you')) ?? null`,
    ).then((t) => t ?? undefined));
    assert.match(decoration, /content:/);
    // The README's picture: the example, the panel with the reveal, and the walkthrough, side by side.
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand('workbench.action.closePanel');
    for (const group of vscode.window.tabGroups.all) {
      await vscode.window.tabGroups.close(group.tabs.filter((t) => /^Walkthrough/.test(t.label)));
    }
    await vscode.commands.executeCommand('vscode.setEditorLayout', { orientation: 0, groups: [{ size: 0.36 }, { size: 0.36 }, { size: 0.28 }] });
    await vscode.commands.executeCommand('workbench.action.focusThirdEditorGroup');
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#leaks`, false);
    await until('the walkthrough beside', async () => (await workbenchHtml(`.getting-started-step[data-step-id="${EXTENSION_ID}#leaks#forgotten-free"]`)).length > 0);
    await new Promise((r) => setTimeout(r, 1500)); // the step's picture is drawn in a webview of its own
    await screenshotWorkbench(path.join(repoRoot, 'media', 'screenshots', 'tutorial-walkthrough.png'));

    // Run the leak to its end, then its fix: both milestones set, the walkthrough step is done.
    const api = vscode.extensions.getExtension<MemoryAtlasApi>(EXTENSION_ID)!.exports;
    await runToEnd();
    await until('the milestone of a run to its end', () => api.milestones().has('forgottenFree.watched') || undefined, 10_000);
    await stopAll();
    await vscode.commands.executeCommand('memoryAtlas.openExample', 'forgotten-free/forgotten-free-fixed.c', { step: true });
    await until('the fixed version\'s session', () => vscode.debug.activeDebugSession?.configuration.program === `${EXAMPLE_SCHEME}:/forgotten-free/forgotten-free-fixed.c` || undefined);
    await runToEnd();
    await until('the milestone of a clean run', () => api.milestones().has('forgottenFree.fixed') || undefined, 10_000);
    await pressKeys('Escape'); // the fixed version's question, left unanswered
    await stopAll();
    await openWalkthrough('leaks');
    await until('the step marked done', async () => /aria-checked="true"/.test((await workbenchHtml(`.getting-started-step[data-step-id="${EXTENSION_ID}#leaks#forgotten-free"]`))[0] ?? ''));
  });

  it('Open Example lists every example by tutorial; Make an Editable Copy gives an untitled copy that runs', async () => {
    void vscode.commands.executeCommand('memoryAtlas.openExample');
    const rows = await until('the examples quick pick', async () => {
      const r = await workbenchText('.quick-input-widget .quick-input-list .monaco-list-row');
      return r.length > 5 ? r : undefined;
    });
    assert.ok(rows.some((r) => /Forgotten free: greetings nobody frees/.test(r)), rows.join('\n'));
    await typeText('five regions');
    await pressKeys('Enter');
    await until('five-regions.c open', () => vscode.window.activeTextEditor?.document.uri.path === '/regions/five-regions.c' || undefined);
    const copy = (await vscode.commands.executeCommand('memoryAtlas.copyExample')) as vscode.TextEditor;
    assert.equal(copy.document.uri.scheme, 'untitled');
    assert.equal(copy.document.getText(), (await vscode.workspace.openTextDocument(vscode.Uri.parse(`${EXAMPLE_SCHEME}:/regions/five-regions.c`))).getText());
    assert.ok(await copy.edit((b) => b.insert(new vscode.Position(0, 0), '// mine\n')), 'the copy can be edited');
    assert.equal(copy.document.languageId, 'c', 'the copy is C, by its name');
    assert.equal(await vscode.commands.executeCommand('memoryAtlas.stepThrough', copy.document.uri), true, 'stepping starts');
    await until('a session on the copy', () => (vscode.debug.activeDebugSession?.configuration.program as string | undefined)?.startsWith('untitled:Untitled-') || undefined);
    await until('its entry stop', () => (stops.get(session().id) ?? []).length > 0 || undefined);
    await webviewClick('[data-pane="0"] [role=tab][data-view="examples"]');
    await waitForWebviewText('[data-testid=examples-view] li', (t) => t.length >= 17);
    await stopAll();
    assert.ok(copy.document.isUntitled && copy.document.isDirty, 'the copy was never saved (the debugger does not save an untitled buffer)');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
