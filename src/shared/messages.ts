import type { ImageSnapshot } from './imageSnapshot';
import type { Snapshot } from './snapshot';
import { CONTRACT_VERSION } from './version';
import { isImageSnapshot } from './validate';
import { isSnapshot } from './validateSnapshot';
import { type ViewRequest, type ViewResponse, isViewResponse, parseViewRequest } from './viewRequests';
import { type TourState, isAnswer, parseTourState } from './tour';
import { type ExampleTopic, isExampleTopicList } from './tutorials';

/** How the user arranged the panel's views (kept by the host across panels and reloads). */
export interface PanelLayout {
  /** One view at a time with tabs, or two side by side. */
  readonly mode: 'tabs' | 'split';
  /** The view shown (tabs), or the two shown (split). */
  readonly views: readonly [string, string];
  /** Short transitions on what changed (off, or the OS asks for reduced motion: highlights only). */
  readonly motion: boolean;
  /** Pointer arrows drawn in the Pointers view. */
  readonly arrows: boolean;
}

export const DEFAULT_LAYOUT: PanelLayout = { mode: 'tabs', views: ['heap', 'stack'], motion: true, arrows: true };

/**
 * Every message between the extension host and the webview. Both sides import these types and
 * validate what they receive (a webview message is untrusted input, and a stale webview may
 * speak an older version after an update).
 */
export type ToWebviewMessage =
  | {
    readonly type: 'snapshot';
    readonly version: typeof CONTRACT_VERSION;
    /** The document's URI, which the webview keeps in its state so a reloaded window can reopen it. */
    readonly documentUri: string;
    readonly snapshot: ImageSnapshot;
  }
  /** The file could not be turned into a process image at all (e.g. it is not C). */
  | { readonly type: 'failure'; readonly version: typeof CONTRACT_VERSION; readonly source: string; readonly message: string }
  /** A debug session stopped: the machine as it is now. */
  | { readonly type: 'stop'; readonly version: typeof CONTRACT_VERSION; readonly sessionName: string; readonly snapshot: Snapshot }
  /** The debug session ended: the views keep its last stop, marked as such. */
  | { readonly type: 'session-ended'; readonly version: typeof CONTRACT_VERSION }
  /** The Call Stack view's selected frame (0 = innermost): the stack view highlights the same one. */
  | { readonly type: 'select-frame'; readonly version: typeof CONTRACT_VERSION; readonly frame: number }
  | { readonly type: 'view-response'; readonly version: typeof CONTRACT_VERSION; readonly id: number; readonly response: ViewResponse }
  | { readonly type: 'layout'; readonly version: typeof CONTRACT_VERSION; readonly layout: PanelLayout }
  /** What an annotated program says at this stop: narration, a question, reveals (tour.ts). */
  | { readonly type: 'tour'; readonly version: typeof CONTRACT_VERSION; readonly state: TourState }
  /** The bundled examples by tutorial, for the examples view. */
  | { readonly type: 'examples'; readonly version: typeof CONTRACT_VERSION; readonly topics: readonly ExampleTopic[] };

export type FromWebviewMessage =
  /** The webview has loaded and can receive a snapshot. */
  | { readonly type: 'ready'; readonly version: typeof CONTRACT_VERSION }
  /** The user clicked a symbol or diagnostic: show that place in the editor. */
  | { readonly type: 'reveal'; readonly version: typeof CONTRACT_VERSION; readonly line: number; readonly column: number }
  /** A view wants details of the current stop (answered with a view-response of the same id). */
  | { readonly type: 'view-request'; readonly version: typeof CONTRACT_VERSION; readonly id: number; readonly request: ViewRequest }
  /** The user rearranged the views: remember it. */
  | { readonly type: 'layout'; readonly version: typeof CONTRACT_VERSION; readonly layout: PanelLayout }
  /** The user answered the waiting question (a choice's index or the typed text). */
  | { readonly type: 'answer'; readonly version: typeof CONTRACT_VERSION; readonly question: number; readonly answer: number | string }
  /** Open a bundled example (read-only), and step through it when `step`. */
  | { readonly type: 'open-example'; readonly version: typeof CONTRACT_VERSION; readonly path: string; readonly step: boolean };

export function parseFromWebview(value: unknown): FromWebviewMessage | undefined {
  if (!isRecord(value) || value.version !== CONTRACT_VERSION) return undefined;
  switch (value.type) {
    case 'ready':
      return { type: 'ready', version: CONTRACT_VERSION };
    case 'reveal':
      return isPositiveInt(value.line) && isPositiveInt(value.column)
        ? { type: 'reveal', version: CONTRACT_VERSION, line: value.line, column: value.column }
        : undefined;
    case 'view-request': {
      const request = parseViewRequest(value.request);
      return request && isPositiveInt(value.id) ? { type: 'view-request', version: CONTRACT_VERSION, id: value.id, request } : undefined;
    }
    case 'layout': {
      const layout = parseLayout(value.layout);
      return layout ? { type: 'layout', version: CONTRACT_VERSION, layout } : undefined;
    }
    case 'answer':
      return typeof value.question === 'number' && Number.isInteger(value.question) && value.question >= 0 && isAnswer(value.answer)
        ? { type: 'answer', version: CONTRACT_VERSION, question: value.question, answer: value.answer } : undefined;
    case 'open-example':
      return typeof value.path === 'string' && /^[\w./-]{1,200}$/.test(value.path) && !value.path.includes('..') && typeof value.step === 'boolean'
        ? { type: 'open-example', version: CONTRACT_VERSION, path: value.path, step: value.step } : undefined;
    default:
      return undefined;
  }
}

export function parseToWebview(value: unknown): ToWebviewMessage | undefined {
  if (!isRecord(value) || value.version !== CONTRACT_VERSION) return undefined;
  if (value.type === 'snapshot' && typeof value.documentUri === 'string' && isImageSnapshot(value.snapshot)) {
    return { type: 'snapshot', version: CONTRACT_VERSION, documentUri: value.documentUri, snapshot: value.snapshot };
  }
  if (value.type === 'failure' && typeof value.source === 'string' && typeof value.message === 'string') {
    return { type: 'failure', version: CONTRACT_VERSION, source: value.source, message: value.message };
  }
  if (value.type === 'stop' && typeof value.sessionName === 'string' && isSnapshot(value.snapshot)) {
    return { type: 'stop', version: CONTRACT_VERSION, sessionName: value.sessionName, snapshot: value.snapshot };
  }
  if (value.type === 'session-ended') return { type: 'session-ended', version: CONTRACT_VERSION };
  if (value.type === 'select-frame' && typeof value.frame === 'number' && Number.isInteger(value.frame) && value.frame >= 0) {
    return { type: 'select-frame', version: CONTRACT_VERSION, frame: value.frame };
  }
  if (value.type === 'view-response' && isPositiveInt(value.id) && isViewResponse(value.response)) {
    return { type: 'view-response', version: CONTRACT_VERSION, id: value.id, response: value.response };
  }
  if (value.type === 'layout') {
    const layout = parseLayout(value.layout);
    return layout ? { type: 'layout', version: CONTRACT_VERSION, layout } : undefined;
  }
  if (value.type === 'tour') {
    const state = parseTourState(value.state);
    return state ? { type: 'tour', version: CONTRACT_VERSION, state } : undefined;
  }
  if (value.type === 'examples' && isExampleTopicList(value.topics)) return { type: 'examples', version: CONTRACT_VERSION, topics: value.topics };
  return undefined;
}

/** A layout as received: view ids are short words; anything else falls back to the default. */
export function parseLayout(value: unknown): PanelLayout | undefined {
  if (!isRecord(value)) return undefined;
  const views = Array.isArray(value.views) && value.views.length === 2 && value.views.every((v) => typeof v === 'string' && /^[a-z-]{1,24}$/.test(v))
    ? [value.views[0] as string, value.views[1] as string] as const : undefined;
  if ((value.mode !== 'tabs' && value.mode !== 'split') || !views || typeof value.motion !== 'boolean' || typeof value.arrows !== 'boolean') return undefined;
  return { mode: value.mode, views, motion: value.motion, arrows: value.arrows };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isPositiveInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}
