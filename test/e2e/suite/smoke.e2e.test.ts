/**
 * Smoke tests of the e2e harness itself: they need a real VS Code but not the extension.
 * Feature tests live next to this file as `<feature>.e2e.test.ts`.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { hasRunnerChannel, listWebviews, request, runFromCommandPalette, screenshotWorkbench, typeText } from './runnerChannel';

async function waitFor(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('e2e harness smoke', () => {
  it('runs inside VS Code 1.100 (code-server) or a desktop VS Code', () => {
    assert.match(vscode.version, /^1\.\d+\.\d+/);
    if (vscode.env.uiKind === vscode.UIKind.Web) {
      assert.ok(vscode.version.startsWith('1.100'), `code-server 4.100.3 carries VS Code 1.100, got ${vscode.version}`);
    }
  });

  it('has the fixture workspace open', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.strictEqual(folders.length, 1, `workspace folders: ${folders.map((f) => f.uri.toString()).join(', ')}`);
    assert.ok(folders[0].uri.path.endsWith('/test/fixtures/workspace'), folders[0].uri.toString());
  });

  it('opens sample.c in an editor with language id c', async () => {
    const [file] = await vscode.workspace.findFiles('sample.c');
    assert.ok(file, 'sample.c not found in the workspace');
    const doc = await vscode.workspace.openTextDocument(file);
    const editor = await vscode.window.showTextDocument(doc);
    assert.strictEqual(editor.document.languageId, 'c');
    assert.match(doc.getText(), /int main\(/);
  });

  it('the extension under development is known to the host', () => {
    const ext = vscode.extensions.getExtension('memory-atlas.memory-atlas');
    assert.ok(ext, 'extension memory-atlas.memory-atlas is not loaded from extensionDevelopmentPath');
  });

  describe('runner channel (code-server runner only)', function () {
    before(function () {
      if (!hasRunnerChannel()) this.skip();
    });

    it('answers a ping', async () => {
      const res = await request<{ pong: boolean }>({ kind: 'ping' });
      assert.strictEqual(res.pong, true);
    });

    it('takes a PNG screenshot of the workbench', async () => {
      const shot = await screenshotWorkbench('smoke-workbench.png');
      const bytes = fs.readFileSync(shot.path);
      assert.ok(bytes.length > 1000, `screenshot is only ${bytes.length} bytes`);
      assert.deepStrictEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'not a PNG');
      assert.ok(shot.width > 0 && shot.height > 0);
    });

    it('lists webviews', async () => {
      const views = await listWebviews();
      assert.ok(Array.isArray(views));
    });

    it('types into the focused editor (keyboard of the browser)', async () => {
      const doc = await vscode.workspace.openTextDocument({ language: 'c', content: '' });
      await vscode.window.showTextDocument(doc);
      await typeText('int x;');
      await waitFor('typed text in the document', () => doc.getText() === 'int x;');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    it('runs a command from the command palette (F1, type, Enter)', async () => {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument((await vscode.workspace.findFiles('sample.c'))[0]));
      assert.ok(vscode.window.tabGroups.all.some((g) => g.tabs.length > 0));
      await runFromCommandPalette('View: Close All Editors');
      await waitFor('all editors closed', () => vscode.window.tabGroups.all.every((g) => g.tabs.length === 0));
    });
  });
});
