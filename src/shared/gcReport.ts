/**
 * Garbage collection as reports and views name it (the CLI's `gc` list, the panel's GC events).
 * Declared here, once, because it crosses the engine/CLI/webview boundaries.
 */

/** How a JavaScript run manages its heap: V8's generations, or counting references (with or without a cycle collector). */
export type CollectorMode = 'generational' | 'refcount' | 'refcount+cycles';

export const COLLECTOR_MODES: readonly CollectorMode[] = ['generational', 'refcount', 'refcount+cycles'];

/** What kind of collection ran. */
export type GcKind = 'scavenge' | 'mark-sweep' | 'mark-compact' | 'refcount-free' | 'cycle-collection';

/** The collections that start at a safepoint (and can be stepped through). */
export type CollectionKind = 'scavenge' | 'mark-sweep' | 'cycle-collection';

/** One finished collection. */
export interface GcEvent {
  readonly kind: GcKind;
  /** Program statements executed when it started. */
  readonly atStep: number;
  readonly freedBytes: number;
  /** Bytes moved from new space to old space (scavenges only; 0 otherwise). */
  readonly promotedBytes: number;
  /** Units of GC work it took (copies, mark steps, sweeps), as the user could step through them. */
  readonly pauseSteps: number;
  /** Why it ran: new space full, the old generation's limit, `global.gc()`, a count reaching zero. */
  readonly reason: string;
}

/** `process.memoryUsage()` from the simulation, in bytes: heapUsed <= heapTotal, rss includes everything. */
export interface ManagedMemoryUsage {
  readonly rss: number;
  readonly heapTotal: number;
  readonly heapUsed: number;
  readonly external: number;
  readonly arrayBuffers: number;
}
