/**
 * The webview and the extension, locked down (issue #14): the panel's Content-Security-Policy
 * allows one script by nonce and nothing inline, evaluated or remote; program data that looks
 * like HTML (`<img src=x onerror=alert(1)>`) is text in the panel, in the debug hover, in the
 * symbol hover and in the Debug Console, and no such element is ever created.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { MemoryAtlasApi } from '../../../src/extension/extension';
import { hasRunnerChannel, webviewClick, webviewEval, workbenchEval, workbenchText } from './runnerChannel';
import { until } from './until';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const program = vscode.Uri.file(path.join(repoRoot, 'test', 'fixtures', 'workspace', 'html_output.c'));
const PAYLOAD = '<img src=x onerror=alert(1)>';

/** Counts the elements the payload would have made, and records any alert, in a document. */
const TRAP = `(() => { window.alert = () => { window.__memoryAtlasAlerted = true; }; return true; })()`;
const INJECTED = `({ images: document.querySelectorAll('img[src="x"]').length, alerted: window.__memoryAtlasAlerted === true })`;

async function api(): Promise<MemoryAtlasApi> {
  const extension = vscode.extensions.getExtension<MemoryAtlasApi>('memory-atlas.memory-atlas')!;
  return extension.isActive ? extension.exports : extension.activate();
}

function debugSession(): vscode.DebugSession {
  const s = vscode.debug.activeDebugSession;
  assert.ok(s && s.type === 'memory-atlas', 'a Memory Atlas debug session is running');
  return s;
}

async function topLine(): Promise<number> {
  const trace = (await debugSession().customRequest('stackTrace', { threadId: 1 })) as { stackFrames: { line: number }[] };
  return trace.stackFrames[0]?.line ?? 0;
}

async function focusEditor(): Promise<vscode.TextEditor> {
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(program), vscode.ViewColumn.One);
  await vscode.commands.executeCommand('workbench.action.focusFirstEditorGroup');
  return editor;
}

describe('Memory Atlas: a locked-down webview, program data shown as text', function () {
  this.timeout(120_000);

  before(async function () {
    if (!hasRunnerChannel()) this.skip();
    await focusEditor();
    assert.ok(await vscode.commands.executeCommand('memoryAtlas.stepThrough', program));
    await until('the debug session', () => vscode.debug.activeDebugSession?.type === 'memory-atlas' || undefined);
    await until('the panel with a stop', async () => (await api()).panel()?.stop);
    await webviewEval(TRAP);
    await workbenchEval(TRAP);
  });

  after(async () => {
    if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging();
  });

  it('the panel\'s policy: nothing by default, scripts by nonce only, no inline script, no eval, nothing remote', async () => {
    const page = await webviewEval<{ csp: string; scripts: { id: string; nonce: boolean; src: string }[] }>(`({
      csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? '',
      scripts: [...document.querySelectorAll('script')].map((s) => ({ id: s.id, nonce: s.nonce.length >= 32, src: s.src })),
    })`);
    const directives = new Map(page.csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    assert.deepStrictEqual(directives.get('default-src'), ["'none'"]);
    const scripts = directives.get('script-src') ?? [];
    assert.strictEqual(scripts.length, 1, page.csp);
    assert.match(scripts[0], /^'nonce-[A-Za-z0-9]{32}'$/);
    // Images, styles and fonts only from the webview's own resource origin (webview.cspSource:
    // 'self' and VS Code's resource host) and data: URIs; inline styles for Svelte's.
    const own = /^('self'|https:\/\/\*\.vscode-cdn\.net|vscode-webview-resource:|vscode-resource:)$/;
    for (const [name, values] of directives) {
      if (name === 'default-src' || name === 'script-src') continue;
      for (const v of values) assert.ok(own.test(v) || v === 'data:' || (name === 'style-src' && v === "'unsafe-inline'"), `${name} ${v}`);
    }
    assert.doesNotMatch(page.csp, /unsafe-eval/);
    // Ours, by nonce; VS Code's own acquireVsCodeApi script is put in by the webview host before the policy applies.
    const ours = page.scripts.filter((s) => s.id !== '_vscodeApiScript');
    assert.ok(ours.length === 1 && ours[0].nonce && ours[0].src.endsWith('/dist/webview.js'), JSON.stringify(page.scripts));
    // An inline script added to the page does not run, nor does an inline event handler (what
    // the payload's onerror= would be). (This test's own evaluations come in through the browser's
    // debugging protocol, which the policy does not govern, so eval is checked in the bundles.)
    const blocked = await webviewEval<{ inline: boolean; handler: boolean }>(`(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__memoryAtlasInline = true';
      document.body.appendChild(s);
      const b = document.createElement('button');
      b.setAttribute('onclick', 'window.__memoryAtlasHandler = true');
      document.body.appendChild(b);
      b.click();
      b.remove();
      return { inline: window.__memoryAtlasInline === true, handler: window.__memoryAtlasHandler === true };
    })()`);
    assert.deepStrictEqual(blocked, { inline: false, handler: false });
    for (const bundle of ['webview.js', 'compare.js', 'playground.js']) {
      assert.doesNotMatch(fs.readFileSync(path.join(repoRoot, 'dist', bundle), 'utf8'), /\beval\(|new Function\(/, `${bundle} evaluates code`);
    }
  });

  it('the panel shows the program\'s output and its strings as text', async () => {
    // Step over to `return 0;` (line 10): both lines printed.
    for (let i = 0; i < 10 && (await topLine()) !== 10; i++) await debugSession().customRequest('next', { threadId: 1 });
    assert.strictEqual(await topLine(), 10);
    await webviewClick('[data-pane="0"] [role=tab][data-view="report"]');
    const output = await until('the output in the Report view', async () => {
      const text = await webviewEval<string | null>(`document.querySelector('[data-testid=program-output]')?.textContent ?? null`);
      return text && text.includes(PAYLOAD) ? text : undefined;
    });
    assert.strictEqual(output.split(PAYLOAD).length - 1, 2, output);
    await webviewClick('[data-pane="0"] [role=tab][data-view="stack"]');
    const stack = await until('the string in the Stack view', async () => {
      const text = await webviewEval<string | null>(`document.querySelector('[data-testid=stack-view]')?.textContent ?? null`);
      return text && text.includes('<img src=x') ? text : undefined;
    });
    assert.ok(stack.includes('<img src=x'), stack);
    assert.deepStrictEqual(await webviewEval(INJECTED), { images: 0, alerted: false });
  });

  it('the debug hover and the symbol hover show it as text', async () => {
    const editor = await focusEditor();
    const line = 8; // printf("%s\n", banner);
    const column = editor.document.lineAt(line).text.indexOf('banner') + 2;
    const hover = await until('the debug hover', async () => {
      const focused = await focusEditor();
      focused.selection = new vscode.Selection(line, column, line, column);
      await vscode.commands.executeCommand('editor.debug.action.showDebugHover');
      await new Promise((r) => setTimeout(r, 300));
      return (await workbenchText('.debug-hover-widget')).find((t) => t.includes('<img'));
    }, 40_000);
    assert.ok(hover.includes('<img src=x onerror=alert(1)>'), hover);
    assert.deepStrictEqual(await workbenchEval(INJECTED), { images: 0, alerted: false });
    await vscode.commands.executeCommand('editor.action.hideHover');
    // The editor's own hover (where the global lives): Markdown that allows no HTML and runs no commands.
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', program, new vscode.Position(3, 6));
    const ours = hovers.flatMap((h) => h.contents).filter((c): c is vscode.MarkdownString => typeof c !== 'string' && 'isTrusted' in c && /banner/.test(c.value));
    assert.ok(ours.length >= 1, JSON.stringify(hovers.map((h) => h.contents)));
    for (const md of ours) assert.ok(!md.supportHtml && !md.isTrusted, md.value);
  });

  it('the Debug Console prints it as text', async () => {
    await debugSession().customRequest('continue', { threadId: 1 });
    await vscode.commands.executeCommand('workbench.debug.action.focusRepl');
    const rows = await until('the output in the Debug Console', async () => {
      const texts = await workbenchText('.repl .monaco-list-row');
      return texts.some((t) => /exited with status 0/.test(t)) ? texts : undefined;
    });
    assert.ok(rows.join('\n').includes(PAYLOAD), rows.join('\n'));
    assert.deepStrictEqual(await workbenchEval(INJECTED), { images: 0, alerted: false });
  });
});
