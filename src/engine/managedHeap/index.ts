import type { Process } from '../process';
import type { ManagedHeapOptions } from './heapCore';
import type { ManagedHeap, ManagedHeapExtras } from './managedHeap';
import { SimulatedManagedHeap } from './simulatedManagedHeap';

export type { ManagedHeapOptions } from './heapCore';
export { HeapOutOfMemory, PAGE_BYTES, PAGE_HEADER_BYTES, MAX_REGULAR_OBJECT_BYTES } from './spaceMemory';
export * as v8Sizes from './v8Sizes';
export * from './managedHeap';

/** The managed heap of `process`, its spaces mapped now (generational: both semispaces). */
export function createManagedHeap(process: Process, options: ManagedHeapOptions): ManagedHeap & ManagedHeapExtras {
  return new SimulatedManagedHeap(process, options);
}
export { buildManagedHeapSnapshot, answerManagedHeapView, describeManagedObject, type ManagedHeapSnapshotOptions } from './heapSnapshot';
