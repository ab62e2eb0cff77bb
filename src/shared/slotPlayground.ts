import { CONTRACT_VERSION } from './version';

/**
 * The seed's 24-slot heap, run by a real allocator of the engine: what the playground view draws
 * and the messages it exchanges with the extension host. A slot is 16 bytes of the heap.
 */
export const PLAYGROUND_ALLOCATORS = ['first-fit', 'best-fit', 'bump'] as const;
export type PlaygroundAllocator = (typeof PLAYGROUND_ALLOCATORS)[number];
export const PLAYGROUND_SLOTS = 24;
export const SLOT_BYTES = 16;

export type SlotState = 'free' | 'tags' | 'used' | 'dead';

export interface PlaygroundBlock {
  /** A letter, in allocation order (A, B, ...; then a2, b2...). */
  readonly name: string;
  readonly firstSlot: number;
  readonly slots: number;
  /** Bytes the click asked for. */
  readonly requested: number;
}

export interface PlaygroundView {
  readonly version: typeof CONTRACT_VERSION;
  readonly kind: 'slot-playground';
  readonly allocator: PlaygroundAllocator;
  /** One entry a slot: what is there, and which block holds it. */
  readonly slots: readonly { readonly state: SlotState; readonly block?: string }[];
  readonly blocks: readonly PlaygroundBlock[];
  /** Slots held by live blocks (their tags included). */
  readonly allocatedSlots: number;
  /** Runs of free slots a request could use. */
  readonly freeRuns: number;
  readonly largestFreeRun: number;
  readonly failedRequests: number;
  /** What the last click did, in a sentence. */
  readonly message: string;
}

export type ToPlaygroundMessage = { readonly type: 'view'; readonly version: typeof CONTRACT_VERSION; readonly view: PlaygroundView };

export type FromPlaygroundMessage =
  | { readonly type: 'ready'; readonly version: typeof CONTRACT_VERSION }
  | { readonly type: 'allocate'; readonly version: typeof CONTRACT_VERSION; readonly slots: number }
  | { readonly type: 'free'; readonly version: typeof CONTRACT_VERSION; readonly block: string }
  | { readonly type: 'reset'; readonly version: typeof CONTRACT_VERSION; readonly allocator: PlaygroundAllocator };

export function parseFromPlayground(value: unknown): FromPlaygroundMessage | undefined {
  if (!isRecord(value) || value.version !== CONTRACT_VERSION) return undefined;
  switch (value.type) {
    case 'ready':
      return { type: 'ready', version: CONTRACT_VERSION };
    case 'allocate':
      return Number.isInteger(value.slots) && (value.slots as number) >= 1 && (value.slots as number) <= PLAYGROUND_SLOTS
        ? { type: 'allocate', version: CONTRACT_VERSION, slots: value.slots as number } : undefined;
    case 'free':
      return typeof value.block === 'string' && value.block.length <= 4 ? { type: 'free', version: CONTRACT_VERSION, block: value.block } : undefined;
    case 'reset':
      return (PLAYGROUND_ALLOCATORS as readonly unknown[]).includes(value.allocator)
        ? { type: 'reset', version: CONTRACT_VERSION, allocator: value.allocator as PlaygroundAllocator } : undefined;
    default:
      return undefined;
  }
}

export function parseToPlayground(value: unknown): ToPlaygroundMessage | undefined {
  if (!isRecord(value) || value.version !== CONTRACT_VERSION || value.type !== 'view') return undefined;
  const view = value.view;
  if (!isRecord(view) || view.kind !== 'slot-playground' || !Array.isArray(view.slots) || view.slots.length !== PLAYGROUND_SLOTS || !Array.isArray(view.blocks)) return undefined;
  if (typeof view.message !== 'string' || !(PLAYGROUND_ALLOCATORS as readonly unknown[]).includes(view.allocator)) return undefined;
  return value as ToPlaygroundMessage;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
