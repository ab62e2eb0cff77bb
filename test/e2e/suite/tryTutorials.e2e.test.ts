/**
 * Every tutorial tried as a new user would, start to finish, in a real VS Code: its walkthrough
 * step's buttons, Continue (F5) from stop to stop, each question answered in the quick pick (the
 * first choice, or a typed guess), until the program ends; a screenshot of the workbench at every
 * stop, in artifacts/tutorials/<example>/, to be looked at. Slow (a minute or two): it runs only
 * when MEMORY_ATLAS_TRY_TUTORIALS=1 (node test/e2e/runInCodeServer.js --grep "tried as a new user").
 */
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXAMPLE_SCHEME, TUTORIALS } from '../../../src/shared/tutorials';
import { memoryAtlasLanguages } from '../../../src/debug/languages';
import { hasRunnerChannel, pressKeys, screenshotWorkbench, typeText, workbenchHtml, workbenchText } from './runnerChannel';
import { until } from './until';

const wanted = process.env.MEMORY_ATLAS_TRY_TUTORIALS === '1';

// Registered only when asked for, so that a normal run counts no skipped tests.
if (wanted) describe('Memory Atlas: each tutorial tried as a new user would', function () {
  this.timeout(1_200_000);
  const stops = new Map<string, { reason: string }[]>();
  let tracker: vscode.Disposable | undefined;

  before(async function () {
    if (!hasRunnerChannel()) this.skip();
    await vscode.extensions.getExtension('memory-atlas.memory-atlas')!.activate();
    tracker = vscode.debug.registerDebugAdapterTrackerFactory('memory-atlas', {
      createDebugAdapterTracker: (s) => ({
        onDidSendMessage: (m: { type?: string; event?: string; body?: { reason?: string } }) => {
          if (m.type === 'event' && m.event === 'stopped') stops.set(s.id, [...(stops.get(s.id) ?? []), { reason: m.body?.reason ?? '' }]);
        },
      }),
    });
  });

  after(() => tracker?.dispose());

  // JavaScript examples join in when the debugger registers the language (src/debug/languages.ts).
  const registered = new Set(memoryAtlasLanguages(path.join(__dirname, '..', '..', '..', '..', 'dist')).map((l) => l.id));
  for (const tutorial of TUTORIALS) {
    for (const example of tutorial.examples) {
      if (!registered.has(example.endsWith('.js') ? 'js' : 'c')) continue;
      it(`${tutorial.id}: ${example}`, async () => {
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        await vscode.commands.executeCommand('memoryAtlas.openExample', example, { step: true });
        const session = await until('the session', () => {
          const s = vscode.debug.activeDebugSession;
          return s && s.configuration.program === `${EXAMPLE_SCHEME}:/${example}` ? s : undefined;
        });
        const dir = `tutorials/${example.replace(/[/.]/g, '_')}`;
        let shot = 0;
        for (let i = 0; i < 40; i++) {
          const seen = await until('a stop', () => (stops.get(session.id) ?? []).length || undefined);
          await new Promise((r) => setTimeout(r, 900)); // the panel redraws, a question's quick pick comes up
          await screenshotWorkbench(path.join(dir, `${String(++shot).padStart(2, '0')}.png`));
          const last = (stops.get(session.id) ?? []).at(-1)!;
          if (last.reason === 'exited') break;
          // The quick input stays in the page when hidden: a question is asked while it is shown.
          const widget = (await workbenchHtml('.quick-input-widget'))[0] ?? '';
          const title = (await workbenchText('.quick-input-widget .quick-input-title')).find((t) => t.startsWith('Predict:'));
          if (title && !/^<div[^>]*display: none/.test(widget)) {
            const rows = await workbenchText('.quick-input-widget .quick-input-list .monaco-list-row');
            if (rows.length === 0) await typeText('I am not sure');
            await pressKeys('Enter');
            await new Promise((r) => setTimeout(r, 500));
            await screenshotWorkbench(path.join(dir, `${String(++shot).padStart(2, '0')}-answered.png`));
          }
          await vscode.window.showTextDocument(vscode.window.activeTextEditor?.document ?? (await vscode.workspace.openTextDocument(vscode.Uri.parse(`${EXAMPLE_SCHEME}:/${example}`))), vscode.ViewColumn.One);
          await pressKeys('F5');
          await until('the next stop', () => (stops.get(session.id) ?? []).length > seen || !vscode.debug.activeDebugSession || undefined, 60_000);
          if (!vscode.debug.activeDebugSession) break;
        }
        assert.ok(shot > 1);
        if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging();
      });
    }
  }
});
