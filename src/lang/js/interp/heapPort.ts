import type { JsObject, JsValue } from './values';
import type { CollectionKind, ManagedMemoryUsage } from '../../../shared/gcReport';

/** What kind of heap object a JS object is, and how big V8 would make it. */
export type AllocationKind = 'object' | 'array' | 'function' | 'context' | 'hash-table' | 'array-buffer' | 'string' | 'other';

/**
 * What the evaluator tells the managed heap, in the evaluator's own terms: an object was made,
 * a value was stored into an object (or a root: a variable of a frame or of the global scope),
 * an object grew. The adapter to the engine's ManagedHeap (heapAdapter.ts) turns these into
 * allocations, recordStore calls and resizes; without a heap every call is a no-op.
 */
export interface HeapPort {
  /** A new object (its kind and label say what snapshots call it). */
  made(o: JsObject, kind: AllocationKind, label: string, line: number | undefined): void;
  /** `holder` now holds `next` in one of its slots where it held `previous`. */
  write(holder: JsObject, previous: JsValue, next: JsValue): void;
  /** The same for an array's elements store. */
  writeElement(holder: JsObject, previous: JsValue, next: JsValue): void;
  /** The same for a Map's, Set's or WeakMap's entries (their hash table). */
  writeEntry(holder: JsObject, previous: JsValue, next: JsValue): void;
  /** An object literal is complete with `properties` properties (V8 sizes it for them). */
  literal(o: JsObject, properties: number): void;
  /** A constructor finished making `o` (slack tracking sizes instances by their constructor). */
  constructed(o: JsObject, ctor: JsObject): void;
  /** `a + b` made the string `result` of the strings `left` and `right` (V8 makes a ConsString of them). */
  concatenated(result: string, left: string, right: string): void;
  /** A root slot (a frame's or the global scope's variable, a handle) changed. */
  writeRoot(previous: JsValue, next: JsValue): void;
  /** The object gained properties or elements (its stores may be reallocated bigger). */
  grew(o: JsObject): void;
  /**
   * The array is about to hold `length` elements: its store is made (or grown) for them first, so
   * that a length the simulated memory cannot hold fails there (heap out of memory) before the
   * host makes an array of that length.
   */
  reserveElements(a: JsObject, length: number): void;
  /**
   * Between statements, first half: a collection that is due starts; returns its kind (the
   * debugger may stop there and step through the safepoint's work before `endSafepoint`).
   */
  beginSafepoint(step: number): CollectionKind | undefined;
  /** Second half: the collector's work this safepoint owes. */
  endSafepoint(): void;
  /** An off-heap payload of `bytes` bytes owned by `o` (an ArrayBuffer's bytes). */
  external(o: JsObject, bytes: number): void;
  /** The program wrote bytes [offset, offset + length) of an ArrayBuffer's payload (they reach the process's memory: RSS). */
  bytesWritten(buffer: JsObject, offset: number, length: number): void;
  /** A full collection now (global.gc()). */
  collect(reason: string): void;
  /** process.memoryUsage()'s figures (undefined without a heap). */
  usage(): ManagedMemoryUsage | undefined;
}

export const NO_HEAP: HeapPort = {
  made: () => undefined,
  write: () => undefined,
  writeElement: () => undefined,
  writeEntry: () => undefined,
  literal: () => undefined,
  constructed: () => undefined,
  concatenated: () => undefined,
  writeRoot: () => undefined,
  grew: () => undefined,
  reserveElements: () => undefined,
  beginSafepoint: () => undefined,
  endSafepoint: () => undefined,
  collect: () => undefined,
  external: () => undefined,
  bytesWritten: () => undefined,
  usage: () => undefined,
};
