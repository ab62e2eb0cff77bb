import type { FromWebviewMessage, PanelLayout } from '../../src/shared/messages';
import type { ImageSnapshot } from '../../src/shared/imageSnapshot';
import type { Snapshot } from '../../src/shared/snapshot';
import type { TourState } from '../../src/shared/tour';
import type { TourLogEntry } from './tutorial/tourLog';

/** What the webview keeps across hide/show and window reloads (VS Code stores it for us). */
export interface WebviewState {
  /** The document whose image is shown (the host reopens it after a reload). */
  readonly source?: string;
  readonly snapshot?: ImageSnapshot;
  /** The last stop of a debug session, and the session's name. */
  readonly stop?: { readonly sessionName: string; readonly snapshot: Snapshot; readonly ended: boolean };
  readonly layout?: PanelLayout;
  /** The annotated program's last tour state and what it said so far (the Report view's log). */
  readonly tour?: TourState;
  readonly tourLog?: readonly TourLogEntry[];
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

let current: WebviewState = {};

export function saveState(change: Partial<WebviewState>): void {
  current = { ...current, ...change };
  api.setState(current);
}

export function loadState(): WebviewState {
  const state = api.getState();
  current = state && typeof state === 'object' ? (state as WebviewState) : {};
  return current;
}
