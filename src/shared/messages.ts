import type { ImageSnapshot } from './imageSnapshot';
import { CONTRACT_VERSION } from './version';
import { isImageSnapshot } from './validate';

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
  | { readonly type: 'failure'; readonly version: typeof CONTRACT_VERSION; readonly source: string; readonly message: string };

export type FromWebviewMessage =
  /** The webview has loaded and can receive a snapshot. */
  | { readonly type: 'ready'; readonly version: typeof CONTRACT_VERSION }
  /** The user clicked a symbol or diagnostic: show that place in the editor. */
  | { readonly type: 'reveal'; readonly version: typeof CONTRACT_VERSION; readonly line: number; readonly column: number };

export function parseFromWebview(value: unknown): FromWebviewMessage | undefined {
  if (!isRecord(value) || value.version !== CONTRACT_VERSION) return undefined;
  switch (value.type) {
    case 'ready':
      return { type: 'ready', version: CONTRACT_VERSION };
    case 'reveal':
      return isPositiveInt(value.line) && isPositiveInt(value.column)
        ? { type: 'reveal', version: CONTRACT_VERSION, line: value.line, column: value.column }
        : undefined;
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
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isPositiveInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}
