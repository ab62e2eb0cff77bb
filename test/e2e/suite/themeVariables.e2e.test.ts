/**
 * Records the colour variables and body classes VS Code gives a webview in each default theme,
 * so the component tier (test/components) draws the views with the real themes' colours in a
 * bare Chromium. Writes artifacts/theme-<kind>.json each run; MEMORY_ATLAS_RECORD_THEMES=1 also
 * copies them to test/fixtures/webview-themes/ (re-record after a VS Code update).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { ARTIFACTS_ENV, hasRunnerChannel, runFromCommandPalette, waitForWebviewText, webviewEval } from './runnerChannel';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const example = vscode.Uri.file(path.join(repoRoot, 'media', 'examples', 'where-things-live.c'));
const THEMES = [['light', 'Default Light Modern'], ['dark', 'Default Dark Modern'], ['high-contrast', 'Default High Contrast']] as const;

describe('Theme variables of a webview (recorded for the component tier)', function () {
  this.timeout(90_000);

  it('records the --vscode-* variables of the light, dark and high contrast themes', async function () {
    if (!hasRunnerChannel()) this.skip();
    const document = await vscode.workspace.openTextDocument(example);
    await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    await runFromCommandPalette('Memory Atlas: Show Address Space');
    await waitForWebviewText('[data-testid=symbol-table] tr[data-symbol]', (t) => t.length > 0);
    for (const [kind, theme] of THEMES) {
      await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme, vscode.ConfigurationTarget.Global);
      const wanted = kind === 'light' ? 'vscode-light' : kind === 'dark' ? 'vscode-dark' : 'vscode-high-contrast';
      let recorded: { bodyClass: string; style: string } | undefined;
      for (let i = 0; i < 100 && !recorded; i++) {
        const now = await webviewEval<{ bodyClass: string; style: string }>(`({ bodyClass: document.body.className, style: document.documentElement.getAttribute('style') ?? '' })`);
        if (now.bodyClass.split(/\s+/).includes(wanted) && now.style.includes('--vscode-editor-background')) recorded = now;
        else await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(recorded, `the ${theme} variables`);
      const variables = Object.fromEntries(recorded.style.split(';').map((d) => d.trim()).filter((d) => d.startsWith('--vscode-')).map((d) => {
        const colon = d.indexOf(':');
        return [d.slice(0, colon).trim(), d.slice(colon + 1).trim()];
      }));
      const json = JSON.stringify({ theme, vscode: vscode.version, bodyClass: recorded.bodyClass.split(/\s+/).filter((c) => c.startsWith('vscode-')).join(' '), variables }, null, 1);
      const artifacts = process.env[ARTIFACTS_ENV];
      if (artifacts) fs.writeFileSync(path.join(artifacts, `theme-${kind}.json`), json);
      if (process.env.MEMORY_ATLAS_RECORD_THEMES === '1') {
        const dir = path.join(repoRoot, 'test', 'fixtures', 'webview-themes');
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, `${kind}.json`), json + '\n');
      }
      assert.ok(Object.keys(variables).length > 100, `${theme}: ${Object.keys(variables).length} variables`);
    }
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
  });
});
