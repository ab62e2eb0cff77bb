import { type AllocatorComparison, isAllocatorComparison } from './allocatorComparison';
import { CONTRACT_VERSION } from './version';

/**
 * Messages between the extension host and the compare view (the program under several allocators,
 * stepped together). Both sides validate what they receive.
 */
export type ToCompareViewMessage =
  | { readonly type: 'comparison'; readonly version: typeof CONTRACT_VERSION; readonly comparison: AllocatorComparison; readonly busy: boolean }
  /** A command is running (a long continue): the view greys its buttons until the next comparison. */
  | { readonly type: 'busy'; readonly version: typeof CONTRACT_VERSION }
  | { readonly type: 'failure'; readonly version: typeof CONTRACT_VERSION; readonly message: string };

/** What the view's buttons ask for; every run moves to the step the first one reaches. */
export const COMPARE_COMMANDS = ['step-in', 'step-over', 'step-back', 'continue', 'restart'] as const;
export type CompareCommand = (typeof COMPARE_COMMANDS)[number];

export type FromCompareViewMessage =
  | { readonly type: 'ready'; readonly version: typeof CONTRACT_VERSION }
  | { readonly type: 'command'; readonly version: typeof CONTRACT_VERSION; readonly command: CompareCommand };

export function parseFromCompareView(value: unknown): FromCompareViewMessage | undefined {
  if (!isRecord(value) || value.version !== CONTRACT_VERSION) return undefined;
  if (value.type === 'ready') return { type: 'ready', version: CONTRACT_VERSION };
  if (value.type === 'command' && (COMPARE_COMMANDS as readonly unknown[]).includes(value.command)) {
    return { type: 'command', version: CONTRACT_VERSION, command: value.command as CompareCommand };
  }
  return undefined;
}

export function parseToCompareView(value: unknown): ToCompareViewMessage | undefined {
  if (!isRecord(value) || value.version !== CONTRACT_VERSION) return undefined;
  if (value.type === 'comparison' && isAllocatorComparison(value.comparison) && typeof value.busy === 'boolean') {
    return { type: 'comparison', version: CONTRACT_VERSION, comparison: value.comparison, busy: value.busy };
  }
  if (value.type === 'busy') return { type: 'busy', version: CONTRACT_VERSION };
  if (value.type === 'failure' && typeof value.message === 'string') return { type: 'failure', version: CONTRACT_VERSION, message: value.message };
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
