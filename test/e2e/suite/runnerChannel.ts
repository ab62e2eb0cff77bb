/**
 * In-host client of the e2e runner channel: lets a test running inside the VS Code extension
 * host ask the *runner* (test/e2e/runInCodeServer.js, which drives the browser through
 * playwright-core) to do things only the browser side can do: screenshots, reading and clicking
 * in a webview's DOM, pressing keys in the workbench.
 *
 * Transport: files. The runner passes a directory in MEMORY_ATLAS_E2E_CHANNEL (the extension host
 * inherits code-server's environment). A request is written atomically as `req-<id>.json`;
 * the runner polls the directory, performs it with playwright and writes `res-<id>.json`
 * (`{ ok: true, result }` or `{ ok: false, error }`). No 'vscode' import here.
 *
 * Under @vscode/test-electron (desktop VS Code) there is no runner channel: check
 * `hasRunnerChannel()` and `this.skip()` browser-side tests there.
 */
import * as fs from 'fs';
import * as path from 'path';

export const CHANNEL_ENV = 'MEMORY_ATLAS_E2E_CHANNEL';
export const ARTIFACTS_ENV = 'MEMORY_ATLAS_E2E_ARTIFACTS';

/** Which webview to act on: a substring of its extension id / frame URL / title, or '*' for any. */
export interface WebviewTarget {
  /**
   * Substring matched against the webview iframe's URL (it carries `extensionId=publisher.name`
   * and `purpose=webviewView|...`) and the webview's title. Default: this extension's id
   * (`publisher.name` from package.json). `'*'` matches any webview.
   */
  webview?: string;
}

export interface ScreenshotResult {
  path: string;
  bytes: number;
  width: number;
  height: number;
}

export interface WebviewInfo {
  /** URL of the outer webview iframe (contains id, extensionId, purpose). */
  url: string;
  extensionId: string | null;
  purpose: string | null;
  /** Whether the webview's iframe is visible on screen. */
  visible: boolean;
  box: { x: number; y: number; width: number; height: number } | null;
  /** URL of the inner frame holding the extension's HTML, when loaded. */
  contentUrl: string | null;
  /** document.title of the content frame. */
  title: string | null;
}

export type RunnerRequest =
  | { kind: 'ping' }
  | { kind: 'screenshot'; path: string; target?: 'workbench' | 'webview'; webview?: string; fullPage?: boolean }
  | { kind: 'webviews' }
  | { kind: 'webviewText'; selector: string; webview?: string }
  | { kind: 'webviewHtml'; selector: string; webview?: string }
  | { kind: 'webviewClick'; selector: string; webview?: string }
  | { kind: 'webviewEval'; expression: string; webview?: string }
  | { kind: 'workbenchText'; selector: string }
  | { kind: 'workbenchHtml'; selector: string }
  | { kind: 'workbenchEval'; expression: string }
  | { kind: 'workbenchClick'; selector: string }
  | { kind: 'keys'; keys: string[] }
  | { kind: 'type'; text: string };

/** True when a runner that can serve requests is listening (code-server runner only). */
export function hasRunnerChannel(): boolean {
  const dir = process.env[CHANNEL_ENV];
  return !!dir && fs.existsSync(dir);
}

/** Folder for artifacts of this run (screenshots etc.); relative paths are resolved against it. */
export function artifactsDir(): string {
  const dir = process.env[ARTIFACTS_ENV] || path.join(process.cwd(), '.e2e', 'artifacts');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

let counter = 0;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Sends one request to the runner and waits for its answer (rejects with the runner's error). */
export async function request<T = unknown>(req: RunnerRequest, timeoutMs = 30_000): Promise<T> {
  const dir = process.env[CHANNEL_ENV];
  if (!dir || !fs.existsSync(dir)) {
    throw new Error(`no e2e runner channel (${CHANNEL_ENV} is not set): run under test/e2e/runInCodeServer.js`);
  }
  const id = `${process.pid}-${Date.now()}-${++counter}`;
  const reqFile = path.join(dir, `req-${id}.json`);
  const resFile = path.join(dir, `res-${id}.json`);
  fs.writeFileSync(`${reqFile}.tmp`, JSON.stringify({ id, ...req }));
  fs.renameSync(`${reqFile}.tmp`, reqFile); // atomic: the runner never sees half a request
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (fs.existsSync(resFile)) {
      const res = JSON.parse(fs.readFileSync(resFile, 'utf8')) as { ok: boolean; result?: T; error?: string };
      fs.rmSync(resFile, { force: true });
      if (!res.ok) throw new Error(`runner: ${req.kind} failed: ${res.error}`);
      return res.result as T;
    }
    await sleep(50);
  }
  fs.rmSync(reqFile, { force: true });
  throw new Error(`runner: no answer to ${req.kind} within ${timeoutMs} ms`);
}

function resolveArtifact(file: string): string {
  const p = path.isAbsolute(file) ? file : path.join(artifactsDir(), file);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  return p;
}

/** PNG of the whole workbench (browser viewport). `file` is relative to artifactsDir() unless absolute. */
export function screenshotWorkbench(file: string): Promise<ScreenshotResult> {
  return request<ScreenshotResult>({ kind: 'screenshot', path: resolveArtifact(file), target: 'workbench' });
}

/** PNG of one webview (default: this extension's visible webview). Waits up to 10 s for it to show. */
export function screenshotWebview(file: string, target: WebviewTarget = {}): Promise<ScreenshotResult> {
  return request<ScreenshotResult>({ kind: 'screenshot', path: resolveArtifact(file), target: 'webview', webview: target.webview });
}

/** All webviews the workbench currently has (visible or not). */
export function listWebviews(): Promise<WebviewInfo[]> {
  return request<WebviewInfo[]>({ kind: 'webviews' });
}

/** textContent of every element matching `selector` inside the webview's content document. */
export function webviewText(selector: string, target: WebviewTarget = {}): Promise<string[]> {
  return request<string[]>({ kind: 'webviewText', selector, webview: target.webview });
}

/** outerHTML of every element matching `selector` inside the webview's content document. */
export function webviewHtml(selector: string, target: WebviewTarget = {}): Promise<string[]> {
  return request<string[]>({ kind: 'webviewHtml', selector, webview: target.webview });
}

/** Clicks the first element matching `selector` in the webview (a real mouse click via playwright). */
export function webviewClick(selector: string, target: WebviewTarget = {}): Promise<void> {
  return request<void>({ kind: 'webviewClick', selector, webview: target.webview });
}

/**
 * Evaluates a JavaScript expression in the webview's content frame and returns its
 * JSON-serialisable value. Example: `webviewEval('document.querySelectorAll("svg rect").length')`.
 */
export function webviewEval<T = unknown>(expression: string, target: WebviewTarget = {}): Promise<T> {
  return request<T>({ kind: 'webviewEval', expression, webview: target.webview });
}

/** textContent of elements matching `selector` in the workbench page itself (not a webview). */
export function workbenchText(selector: string): Promise<string[]> {
  return request<string[]>({ kind: 'workbenchText', selector });
}

/** outerHTML of elements matching `selector` in the workbench page (the Welcome page, a widget). */
export function workbenchHtml(selector: string): Promise<string[]> {
  return request<string[]>({ kind: 'workbenchHtml', selector });
}

/** Evaluates JS in the workbench page (not a webview) and returns its JSON value. */
export function workbenchEval<T = unknown>(expression: string): Promise<T> {
  return request<T>({ kind: 'workbenchEval', expression });
}

/** Clicks the first element matching `selector` in the workbench page (a toolbar button, a list row). */
export function workbenchClick(selector: string): Promise<void> {
  return request<void>({ kind: 'workbenchClick', selector });
}

/**
 * Presses keys in the workbench, one after another, playwright syntax: 'F1', 'Enter', 'Escape',
 * 'Control+Shift+P', 'ArrowDown'.
 */
export function pressKeys(...keys: string[]): Promise<void> {
  return request<void>({ kind: 'keys', keys });
}

/** Types text into whatever has focus in the workbench (e.g. the command palette input). */
export function typeText(text: string): Promise<void> {
  return request<void>({ kind: 'type', text });
}

/**
 * Runs a command the way a user does: F1, type `title`, wait until a palette row shows it, Enter.
 * `title` is what the palette shows, e.g. 'Memory Atlas: Open' or 'View: Close All Editors'.
 */
export async function runFromCommandPalette(title: string, timeoutMs = 10_000): Promise<void> {
  await pressKeys('F1');
  await typeText(title);
  const deadline = Date.now() + timeoutMs;
  let rows: string[] = [];
  while (Date.now() < deadline) {
    rows = await workbenchText('.quick-input-widget .monaco-list-row');
    if (rows.some((r) => r.includes(title.replace(/^>\s*/, '')))) {
      await pressKeys('Enter');
      return;
    }
    await sleep(150);
  }
  await pressKeys('Escape');
  throw new Error(`command palette: no row matching "${title}" (rows: ${JSON.stringify(rows.slice(0, 10))})`);
}

/**
 * Polls webviewText(selector) until `predicate` holds for the texts (default: at least one
 * element) and returns them; throws with the last texts seen when `timeoutMs` elapses.
 */
export async function waitForWebviewText(
  selector: string,
  predicate: (texts: string[]) => boolean = (t) => t.length > 0,
  options: WebviewTarget & { timeoutMs?: number } = {},
): Promise<string[]> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  let last: string[] = [];
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await webviewText(selector, options);
      lastError = undefined;
      if (predicate(last)) return last;
    } catch (e) {
      lastError = e; // webview not there yet
    }
    await sleep(250);
  }
  throw new Error(
    `waitForWebviewText(${selector}): condition not met; last texts: ${JSON.stringify(last)}` +
      (lastError ? `; last error: ${(lastError as Error).message}` : ''),
  );
}
