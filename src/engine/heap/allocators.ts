import type { AllocatorName } from '../../shared/allocators';
import type { Allocator } from './allocator';
import type { HeapHost } from './heapHost';
import { GlibcMalloc } from './glibc/glibcMalloc';
import { BumpArena } from './teaching/bumpArena';
import { FreeListAllocator } from './teaching/freeListAllocator';
import { segregatedAllocator } from './teaching/segregated';
import { slabAllocator } from './teaching/slab';
import { BuddyAllocator } from './teaching/buddyAllocator';

export type AllocatorFactory = (host: HeapHost) => Allocator;

const FACTORIES: Readonly<Record<AllocatorName, AllocatorFactory>> = {
  glibc: (host) => new GlibcMalloc(host),
  bump: (host) => new BumpArena(host),
  'first-fit': (host) => new FreeListAllocator(host, 'first-fit'),
  'best-fit': (host) => new FreeListAllocator(host, 'best-fit'),
  segregated: segregatedAllocator,
  slab: slabAllocator,
  buddy: (host) => new BuddyAllocator(host),
};

/** The allocator a run uses, by its name. */
export function allocatorFactory(name: AllocatorName): AllocatorFactory {
  return FACTORIES[name];
}
