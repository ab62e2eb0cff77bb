/**
 * Checks the runner channel's webview side with a webview the test creates itself (no
 * dependence on the extension): read its DOM, click in it, receive the click in the host,
 * screenshot it. The extension's own webview tests use the same calls with the default target
 * (this extension's id) instead of { webview: PROBE }.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import {
  hasRunnerChannel,
  listWebviews,
  screenshotWebview,
  waitForWebviewText,
  webviewClick,
  webviewEval,
  webviewText,
} from './runnerChannel';

const PROBE = 'E2E Probe Webview';

describe('runner channel: webview probe (code-server runner only)', function () {
  let panel: vscode.WebviewPanel | undefined;
  const messages: unknown[] = [];

  before(async function () {
    if (!hasRunnerChannel()) this.skip();
    panel = vscode.window.createWebviewPanel('memoryAtlasE2eProbe', PROBE, vscode.ViewColumn.One, { enableScripts: true });
    panel.webview.onDidReceiveMessage((m) => messages.push(m));
    panel.webview.html = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${PROBE}</title>
<style>body{font:16px sans-serif;background:#1e3a5f;color:#fff} li{padding:2px}</style></head>
<body>
  <h1 id="hello">Hello from the e2e probe</h1>
  <ul><li class="item">alpha</li><li class="item">beta</li><li class="item">gamma</li></ul>
  <button id="btn">Send</button>
  <script>
    const vscode = acquireVsCodeApi();
    document.getElementById('btn').addEventListener('click', () => vscode.postMessage({ clicked: true }));
  </script>
</body></html>`;
  });

  after(() => panel?.dispose());

  it('reads text from the webview DOM', async () => {
    const texts = await waitForWebviewText('li.item', (t) => t.length === 3, { webview: PROBE });
    assert.deepStrictEqual(texts, ['alpha', 'beta', 'gamma']);
    assert.deepStrictEqual(await webviewText('#hello', { webview: PROBE }), ['Hello from the e2e probe']);
  });

  it('lists the probe among the webviews', async () => {
    const views = await listWebviews();
    const probe = views.find((v) => v.title === PROBE);
    assert.ok(probe, JSON.stringify(views));
    assert.ok(probe.visible);
  });

  it('evaluates in the webview and clicks a button whose message reaches the host', async () => {
    assert.strictEqual(await webviewEval<number>('document.querySelectorAll("li").length', { webview: PROBE }), 3);
    await webviewClick('#btn', { webview: PROBE });
    const deadline = Date.now() + 5000;
    while (messages.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.deepStrictEqual(messages, [{ clicked: true }]);
  });

  it('takes a screenshot of the webview', async () => {
    const shot = await screenshotWebview('probe-webview.png', { webview: PROBE });
    assert.ok(fs.statSync(shot.path).size > 1000);
    assert.ok(shot.width > 100 && shot.height > 100, `${shot.width}x${shot.height}`);
  });
});
