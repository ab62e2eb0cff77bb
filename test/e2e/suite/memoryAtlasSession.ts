/** What the e2e suites that follow a Memory Atlas debug session share: the extension's API, the session, the panel's stop line. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { MemoryAtlasApi } from '../../../src/extension/extension';
import { webviewEval } from './runnerChannel';
import { until } from './until';

export async function api(): Promise<MemoryAtlasApi> {
  const extension = vscode.extensions.getExtension<MemoryAtlasApi>('memory-atlas.memory-atlas')!;
  return extension.isActive ? extension.exports : extension.activate();
}

/** The running Memory Atlas debug session. */
export function debugSession(): vscode.DebugSession {
  const s = vscode.debug.activeDebugSession;
  assert.ok(s && s.type === 'memory-atlas');
  return s;
}

/** Waits until the panel's webview shows the stop at `line`. */
export async function panelAtLine(line: number): Promise<void> {
  await until(`the panel at line ${line}`, async () => {
    const text = await webviewEval<string | null>(`document.querySelector('[data-testid=stop-line]')?.textContent ?? null`);
    return text !== null && new RegExp(`line ${line}\\b`).test(text) ? true : undefined;
  });
}
