import type { FromWebviewMessage } from '../../src/shared/messages';
import type { ImageSnapshot } from '../../src/shared/imageSnapshot';

/** What the webview keeps across hide/show and window reloads (VS Code stores it for us). */
export interface WebviewState {
  readonly source: string;
  readonly snapshot: ImageSnapshot;
}

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

// acquireVsCodeApi may be called only once per webview load.
const api: VsCodeApi = acquireVsCodeApi();

export function post(message: FromWebviewMessage): void {
  api.postMessage(message);
}

export function saveState(state: WebviewState): void {
  api.setState(state);
}

export function loadState(): WebviewState | undefined {
  const state = api.getState() as Partial<WebviewState> | undefined;
  return state && typeof state.source === 'string' && state.snapshot ? (state as WebviewState) : undefined;
}
