/**
 * The panel's webview in a bare headless Chromium (Debian's, through playwright-core), without
 * VS Code: the production bundle (dist/webview.js) is served from a fake origin with the same
 * Content-Security-Policy as the panel (scripts by nonce only), the body gets a theme's class and
 * the --vscode-* colour variables VS Code gave a real webview in that theme (recorded in
 * test/fixtures/webview-themes by the e2e tier), and acquireVsCodeApi is a stub whose messages
 * reach the test in Node, which answers them as the extension host would.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import type { FromWebviewMessage, ToWebviewMessage } from '../../src/shared/messages';
import type { Snapshot } from '../../src/shared/snapshot';
import type { ViewRequest, ViewResponse } from '../../src/shared/viewRequests';
import { CONTRACT_VERSION } from '../../src/shared/version';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const CHROMIUM = process.env.MEMORY_ATLAS_E2E_CHROMIUM ?? '/usr/bin/chromium';
export const SHOTS = path.join(ROOT, 'out', 'test-results', 'component-screenshots');
/** The screenshots the README shows (as media/screenshots/views-NAME.png). */
const README_SHOTS = new Set(['heap-dark', 'stack-light', 'pointers-dark', 'pages-light', 'heap-million-dark']);
const ORIGIN = 'http://webview.test';

export type ThemeKind = 'light' | 'dark' | 'high-contrast';

interface RecordedTheme {
  readonly bodyClass: string;
  readonly variables: Record<string, string>;
}

function themeOf(kind: ThemeKind): RecordedTheme {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'webview-themes', `${kind}.json`), 'utf8')) as RecordedTheme;
}

function pageHtml(kind: ThemeKind, nonce: string): string {
  const theme = themeOf(kind);
  const style = Object.entries(theme.variables).map(([k, v]) => `${k}: ${v}`).join('; ');
  const csp = [
    "default-src 'none'", `img-src ${ORIGIN} data:`, `style-src ${ORIGIN} 'unsafe-inline'`, `font-src ${ORIGIN}`, `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en" style="${style.replace(/"/g, '&quot;')}">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <link rel="stylesheet" href="${ORIGIN}/dist/codicons/codicon.css">
  <link rel="stylesheet" href="${ORIGIN}/media/panel.css">
  <title>Memory Atlas</title>
  <script nonce="${nonce}">
    // VS Code's default webview styles (font, padding) and API, as the workbench provides them.
    document.documentElement.style.setProperty('font-family', 'var(--vscode-font-family)');
    let state;
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => window.__toHost(JSON.stringify(m)),
      getState: () => state,
      setState: (s) => { state = s; window.__stateSaved?.(JSON.stringify(s)); },
    });
  </script>
</head>
<body class="${theme.bodyClass}" style="font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 20px;">
  <div id="app"></div>
  <script nonce="${nonce}" src="${ORIGIN}/dist/webview.js"></script>
</body>
</html>`;
}

/** What the "host" does with a view request: the test's answer (a recording, or the real engine). */
export type Answer = (request: ViewRequest) => ViewResponse;

export class WebviewHarness {
  private answer: Answer = () => ({ kind: 'error', message: 'no host in this test' });
  readonly requests: ViewRequest[] = [];
  readonly responseSizes: number[] = [];
  readonly posted: FromWebviewMessage[] = [];
  /** JSON sizes of the messages sent to the webview. */
  readonly sentSizes: number[] = [];
  readonly errors: string[] = [];

  private constructor(readonly browser: Browser, readonly page: Page) {}

  static async launch(browser: Browser, theme: ThemeKind, width = 1100, height = 900): Promise<WebviewHarness> {
    const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1, reducedMotion: 'reduce' });
    const page = await context.newPage();
    const harness = new WebviewHarness(browser, page);
    page.on('pageerror', (e) => harness.errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') harness.errors.push(m.text()); });
    await page.route(`${ORIGIN}/**`, async (route) => {
      const url = new URL(route.request().url());
      if (url.pathname === '/index.html') return route.fulfill({ contentType: 'text/html', body: pageHtml(theme, 'n' + Math.random().toString(36).slice(2)) });
      const file = path.join(ROOT, decodeURIComponent(url.pathname));
      if (!file.startsWith(path.join(ROOT, 'dist')) && !file.startsWith(path.join(ROOT, 'media'))) return route.fulfill({ status: 404 });
      const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : file.endsWith('.ttf') ? 'font/ttf' : 'application/octet-stream';
      return route.fulfill({ contentType: type, body: fs.readFileSync(file) });
    });
    await page.exposeFunction('__toHost', (json: string) => harness.fromWebview(JSON.parse(json) as FromWebviewMessage));
    await page.goto(`${ORIGIN}/index.html`);
    await page.waitForSelector('#app > *');
    return harness;
  }

  /** How view requests are answered from now on. */
  answerWith(answer: Answer): void {
    this.answer = answer;
  }

  async send(message: ToWebviewMessage): Promise<void> {
    const json = JSON.stringify(message);
    this.sentSizes.push(json.length);
    await this.page.evaluate(`window.postMessage(${json}, '*')`);
  }

  async stop(snapshot: Snapshot, sessionName = 'views_tour.c'): Promise<void> {
    await this.send({ type: 'stop', version: CONTRACT_VERSION, sessionName, snapshot });
  }

  async showView(id: string): Promise<void> {
    await this.page.click(`[data-pane="0"] [role=tab][data-view="${id}"]`);
    await this.page.waitForSelector(`[data-pane="0"] [role=tabpanel][data-view="${id}"]`);
  }

  /**
   * Polls a page expression until it is truthy (playwright's waitForFunction compiles its
   * predicate with eval, which the panel's CSP refuses, as it should).
   */
  async waitUntil(expression: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await this.page.evaluate(expression))) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Waits until the Node side has seen something (a message the webview posted). */
  async until(what: string, probe: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!probe()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(SHOTS, { recursive: true });
    const file = path.join(SHOTS, `${name}.png`);
    await this.page.evaluate('document.fonts.ready.then(() => true)');
    await this.page.screenshot({ path: file, fullPage: false });
    // The README's pictures are written by the run, never copied by hand.
    if (README_SHOTS.has(name)) fs.copyFileSync(file, path.join(ROOT, 'media', 'screenshots', `views-${name}.png`));
    return file;
  }

  async close(): Promise<void> {
    await this.page.context().close();
  }

  private fromWebview(message: FromWebviewMessage): void {
    this.posted.push(message);
    if (message.type !== 'view-request') return;
    this.requests.push(message.request);
    const response = this.answer(message.request);
    const reply: ToWebviewMessage = { type: 'view-response', version: CONTRACT_VERSION, id: message.id, response };
    this.responseSizes.push(JSON.stringify(response).length);
    void this.send(reply);
  }
}
