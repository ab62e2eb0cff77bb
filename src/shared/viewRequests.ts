import type { LeakBlock, LeakSummary } from './memoryIssues';
import type { ManagedObjectDetail, ManagedObjectView } from './managedHeapSnapshot';
import type { BinEntry, BinKind, HeapBand, HeapWindow, Hex, PageState, RegionRole, SnapshotFrame } from './snapshot';

/**
 * What the views ask the host for beyond the stop's snapshot: other windows of large structures
 * (the heap, a bin's list, the page table, deep call stacks), a page walk, a mapping's details,
 * an on-demand leak check, the counters' history, and going to a step. The panel sends them to
 * the debug adapter as the DAP custom request `memoryAtlas.view`; src/debug/viewRequests.ts
 * answers them. Every answer is bounded by the limits below, whatever the program's size.
 */
export type ViewRequest =
  /** `count` chunks from chunk index `first`, or the window around `around` (an address in a chunk). */
  | { readonly kind: 'heap-window'; readonly first?: number; readonly around?: Hex; readonly count: number }
  /** The summary strip over [start, end) in `bands` bands (zooming in). */
  | { readonly kind: 'heap-bands'; readonly start: Hex; readonly end: Hex; readonly bands: number }
  | { readonly kind: 'bin'; readonly binKind: BinKind; readonly index: number; readonly first: number; readonly count: number }
  | { readonly kind: 'pages'; readonly start: Hex; readonly count: number }
  | { readonly kind: 'page-walk'; readonly address: Hex }
  | { readonly kind: 'region'; readonly start: Hex }
  | { readonly kind: 'frames'; readonly first: number; readonly count: number }
  | { readonly kind: 'leak-check' }
  | { readonly kind: 'counter-series' }
  /** Step back or forward to the state after exactly `step` statements (the counters chart). */
  | { readonly kind: 'go-to-step'; readonly step: number }
  /** The managed heap: `count` objects in address order from index `first` (the view's window). */
  | { readonly kind: 'managed-window'; readonly first: number; readonly count: number }
  /** The managed heap: one object's retainer path and retained size. */
  | { readonly kind: 'managed-object'; readonly ref: number };

export type ViewResponse =
  | { readonly kind: 'heap-window'; readonly chunkCount: number; readonly window: HeapWindow }
  | { readonly kind: 'heap-bands'; readonly bands: readonly HeapBand[] }
  | { readonly kind: 'bin'; readonly count: number; readonly first: number; readonly entries: readonly BinEntry[] }
  | { readonly kind: 'pages'; readonly pages: readonly PageInfo[] }
  | { readonly kind: 'page-walk'; readonly walk: PageWalkView }
  | { readonly kind: 'region'; readonly region: RegionDetails }
  | { readonly kind: 'frames'; readonly frameCount: number; readonly first: number; readonly frames: readonly SnapshotFrame[] }
  | { readonly kind: 'leak-check'; readonly leaks: LeakSummary; readonly blocks: readonly LeakBlock[]; readonly blockCount: number }
  | { readonly kind: 'counter-series'; readonly series: CounterSeries }
  | { readonly kind: 'go-to-step'; readonly steps: number }
  | { readonly kind: 'managed-window'; readonly first: number; readonly total: number; readonly objects: readonly ManagedObjectView[] }
  | { readonly kind: 'managed-object'; readonly detail: ManagedObjectDetail }
  | { readonly kind: 'error'; readonly message: string };

/** Upper bounds of one answer. */
export const VIEW_LIMITS = {
  heapChunks: 1024,
  heapBands: 512,
  binEntries: 512,
  pages: 1024,
  frames: 256,
  leakBlocks: 100,
  managedObjects: 1024,
} as const;

export interface PageInfo {
  readonly page: Hex;
  readonly state: PageState | 'unmapped';
  readonly role?: RegionRole;
  readonly frame?: number;
  readonly swapSlot?: number;
  readonly accessed?: boolean;
  readonly dirty?: boolean;
  readonly writable?: boolean;
  readonly executable?: boolean;
}

export interface PageWalkStep {
  readonly level: 'PML4' | 'PDPT' | 'PD' | 'PT';
  readonly index: number;
  /** Physical frame of the table page visited. */
  readonly tableFrame: number;
  /** The entry as the hardware sees it (64-bit hex). */
  readonly entry: Hex;
  readonly present: boolean;
}

/** The MMU's 4-level walk of one address: the indices, the tables visited, where it ends. */
export interface PageWalkView {
  readonly address: Hex;
  /** Bits 47-39, 38-30, 29-21, 20-12. */
  readonly indices: readonly [number, number, number, number];
  /** Bits 11-0. */
  readonly offset: number;
  /** The steps taken: fewer than 4 when an upper-level entry is empty (no table below yet). */
  readonly steps: readonly PageWalkStep[];
  readonly levels: number;
  readonly role?: RegionRole;
  readonly state: PageState | 'unmapped';
  readonly frame?: number;
  readonly physical?: Hex;
  readonly inTlb: boolean;
}

/** A mapping opened in the Address space view. */
export interface RegionDetails {
  readonly start: Hex;
  readonly end: Hex;
  readonly perms: string;
  readonly role: RegionRole;
  readonly name: string;
  /** Where its bytes come from: 'file /usr/lib/x86_64-linux-gnu/libc.so.6 at offset 0x26000', 'anonymous (zero-filled)'. */
  readonly backing: string;
  readonly shared: boolean;
  /** As /proc/self/smaps counts them, in bytes. */
  readonly sizeBytes: number;
  readonly rssBytes: number;
  readonly pssBytes: number;
  readonly anonymousBytes: number;
  readonly swapBytes: number;
  readonly dirtyBytes: number;
  readonly referencedBytes: number;
  /** Its first pages (up to VIEW_LIMITS.pages). */
  readonly pages: readonly PageInfo[];
}

/** One sample of the counters chart. */
export interface CounterSample {
  readonly step: number;
  readonly rssBytes: number;
  readonly vszBytes: number;
  readonly heapInUseBytes: number;
  /** Cumulative counts at this step: the chart marks where they grow. */
  readonly minorFaults: number;
  readonly majorFaults: number;
  readonly invalidFaults: number;
  readonly brkCalls: number;
  readonly mmapCalls: number;
  readonly errors: number;
  /** A garbage-collected language's `process.memoryUsage()` figures at this step (the chart draws them beside RSS). */
  readonly managed?: { readonly heapUsed: number; readonly heapTotal: number; readonly external: number };
}

/** The counters over the steps so far (thinned to at most MAX_COUNTER_SAMPLES samples), and where the run is now. */
export interface CounterSeries {
  readonly samples: readonly CounterSample[];
  readonly currentStep: number;
  /** Steps between two kept samples at most (1 while every step is kept). */
  readonly stride: number;
}

export const MAX_COUNTER_SAMPLES = 2000;

const HEX = /^0x[0-9a-f]{1,16}$/i;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;
}

const BIN_KINDS: readonly BinKind[] = ['tcache', 'fast', 'unsorted', 'small', 'large', 'free-list', 'size-class', 'buddy', 'slab'];

/**
 * A view request as received (from the webview, then over DAP): checked field by field, with
 * counts clamped to VIEW_LIMITS. Undefined for anything else.
 */
export function parseViewRequest(value: unknown): ViewRequest | undefined {
  if (!isRecord(value)) return undefined;
  const hexOk = (v: unknown): v is string => typeof v === 'string' && HEX.test(v);
  const clamp = (v: unknown, max: number): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? Math.min(v, max) : undefined);
  switch (value.kind) {
    case 'heap-window': {
      const count = clamp(value.count, VIEW_LIMITS.heapChunks);
      if (count === undefined) return undefined;
      if (value.around !== undefined) return hexOk(value.around) ? { kind: 'heap-window', around: value.around, count } : undefined;
      return isCount(value.first, Number.MAX_SAFE_INTEGER) ? { kind: 'heap-window', first: value.first, count } : undefined;
    }
    case 'heap-bands': {
      const bands = clamp(value.bands, VIEW_LIMITS.heapBands);
      return hexOk(value.start) && hexOk(value.end) && bands !== undefined ? { kind: 'heap-bands', start: value.start, end: value.end, bands } : undefined;
    }
    case 'bin': {
      const count = clamp(value.count, VIEW_LIMITS.binEntries);
      return BIN_KINDS.includes(value.binKind as BinKind) && isCount(value.index, 255) && isCount(value.first, Number.MAX_SAFE_INTEGER) && count !== undefined
        ? { kind: 'bin', binKind: value.binKind as BinKind, index: value.index, first: value.first, count } : undefined;
    }
    case 'pages': {
      const count = clamp(value.count, VIEW_LIMITS.pages);
      return hexOk(value.start) && count !== undefined ? { kind: 'pages', start: value.start, count } : undefined;
    }
    case 'page-walk':
      return hexOk(value.address) ? { kind: 'page-walk', address: value.address } : undefined;
    case 'region':
      return hexOk(value.start) ? { kind: 'region', start: value.start } : undefined;
    case 'frames': {
      const count = clamp(value.count, VIEW_LIMITS.frames);
      return isCount(value.first, Number.MAX_SAFE_INTEGER) && count !== undefined ? { kind: 'frames', first: value.first, count } : undefined;
    }
    case 'leak-check':
      return { kind: 'leak-check' };
    case 'counter-series':
      return { kind: 'counter-series' };
    case 'go-to-step':
      return isCount(value.step, Number.MAX_SAFE_INTEGER) ? { kind: 'go-to-step', step: value.step } : undefined;
    case 'managed-window': {
      const count = clamp(value.count, VIEW_LIMITS.managedObjects);
      return isCount(value.first, Number.MAX_SAFE_INTEGER) && count !== undefined ? { kind: 'managed-window', first: value.first, count } : undefined;
    }
    case 'managed-object':
      return isCount(value.ref, Number.MAX_SAFE_INTEGER) ? { kind: 'managed-object', ref: value.ref } : undefined;
    default:
      return undefined;
  }
}

/** The answer as received by the webview: the kinds it knows, with the arrays it iterates. */
export function isViewResponse(value: unknown): value is ViewResponse {
  if (!isRecord(value)) return false;
  switch (value.kind) {
    case 'heap-window': return typeof value.chunkCount === 'number' && isRecord(value.window) && Array.isArray(value.window.chunks);
    case 'heap-bands': return Array.isArray(value.bands);
    case 'bin': return Array.isArray(value.entries) && typeof value.count === 'number';
    case 'pages': return Array.isArray(value.pages);
    case 'page-walk': return isRecord(value.walk) && Array.isArray(value.walk.steps) && Array.isArray(value.walk.indices);
    case 'region': return isRecord(value.region) && Array.isArray(value.region.pages);
    case 'frames': return Array.isArray(value.frames);
    case 'leak-check': return isRecord(value.leaks) && Array.isArray(value.blocks);
    case 'counter-series': return isRecord(value.series) && Array.isArray(value.series.samples);
    case 'go-to-step': return typeof value.steps === 'number';
    case 'managed-window': return typeof value.first === 'number' && typeof value.total === 'number' && Array.isArray(value.objects);
    case 'managed-object': return isRecord(value.detail) && typeof value.detail.ref === 'number' && typeof value.detail.label === 'string' && typeof value.detail.retainedBytes === 'number';
    case 'error': return typeof value.message === 'string';
    default: return false;
  }
}

/** The four table indices and the page offset of a 48-bit virtual address (bits 47-39, 38-30, 29-21, 20-12; 11-0). */
export function splitVirtualAddress(address: number): { indices: [number, number, number, number]; offset: number } {
  const vpn = Math.floor(address / 4096);
  return {
    indices: [Math.floor(vpn / 2 ** 27) % 512, Math.floor(vpn / 2 ** 18) % 512, Math.floor(vpn / 2 ** 9) % 512, vpn % 512],
    offset: address % 4096,
  };
}
