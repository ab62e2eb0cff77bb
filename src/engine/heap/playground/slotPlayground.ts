import type { ProgramDescription } from '../../image/programObjects';
import { Process } from '../../process';
import type { Allocator } from '../allocator';
import type { HeapHost } from '../heapHost';
import { BumpArena } from '../teaching/bumpArena';
import { FreeListAllocator } from '../teaching/freeListAllocator';
import {
  PLAYGROUND_SLOTS, SLOT_BYTES, type PlaygroundAllocator, type PlaygroundBlock, type PlaygroundView, type SlotState,
} from '../../../shared/slotPlayground';
import { CONTRACT_VERSION } from '../../../shared/version';

/** The process the playground's heap lives in: a program with nothing but main. */
const PLAYGROUND_PROGRAM: ProgramDescription = {
  path: '/home/student/playground',
  objects: [{ name: 'main', sourceName: 'main', kind: 'function', section: 'text', size: 0x40, align: 1, typeName: 'int (void)', binding: 'global', position: { line: 1, column: 1 }, sizeIsEstimate: true }],
  importedFunctions: ['malloc', 'free'],
};

/** Bytes before the first slot (the allocator's own data) and after the last (first-fit's epilogue). */
const LAYOUT: Readonly<Record<PlaygroundAllocator, { before: number; after: number }>> = {
  'first-fit': { before: 24, after: 8 },
  'best-fit': { before: 24, after: 8 },
  bump: { before: 32, after: 0 },
};

/**
 * The seed's 24-slot heap demonstration on the engine's own allocators: a simulated process whose
 * heap the kernel lets grow to exactly the allocator's own data plus 24 slots of 16 bytes. A click
 * asks malloc for whole slots of payload; the allocator adds its tags (first-fit's header and footer,
 * the arena's header: one slot more), finds room or fails, and the slots are read back from its chunks.
 */
export class SlotPlayground {
  readonly allocator: Allocator;
  private readonly process: Process;
  private readonly names = new Map<number, string>();
  private readonly requested = new Map<number, number>();
  private nextName = 0;
  private failed = 0;
  private message = 'The heap is empty: every slot is free.';

  constructor(readonly kind: PlaygroundAllocator) {
    const { before, after } = LAYOUT[kind];
    const bytes = before + PLAYGROUND_SLOTS * SLOT_BYTES + after;
    const growth = { min: bytes, unit: SLOT_BYTES };
    this.process = Process.start(PLAYGROUND_PROGRAM, {
      allocator: (host) => {
        const capped = capHeap(host, bytes);
        return kind === 'bump' ? new BumpArena(capped, growth) : new FreeListAllocator(capped, kind, growth);
      },
    });
    this.allocator = this.process.allocator;
    // The heap's first growth lays out the control data and the 24 slots, before any click.
    this.allocator.free(this.allocator.malloc(1));
  }

  /** malloc(slots x 16): a new block, or the reason there is none. */
  allocate(slots: number): string | undefined {
    const bytes = slots * SLOT_BYTES;
    const ptr = this.allocator.malloc(bytes);
    if (ptr === 0) {
      this.failed++;
      const largest = this.view().largestFreeRun;
      this.message = `malloc(${bytes}) failed: it needs ${slots + 1} slots in a row (${slots} of payload and one of the allocator's tags); the largest free run has ${largest}.`;
      return undefined;
    }
    const name = blockName(this.nextName++);
    this.names.set(ptr, name);
    this.requested.set(ptr, bytes);
    const at = this.slotsOf(ptr);
    const spare = at.count - slots - 1;
    const rest = spare > 0 ? `, and ${spare} left over (too small to split off as a free block)` : '';
    this.message = `malloc(${bytes}) returned block ${name} at slot ${at.first}: ${at.count} slots, one of them the allocator's tags${rest}.`;
    return name;
  }

  free(name: string): void {
    const ptr = [...this.names].find(([, n]) => n === name)?.[0];
    if (ptr === undefined) return;
    this.allocator.free(ptr);
    this.names.delete(ptr);
    this.requested.delete(ptr);
    this.message = this.kind === 'bump'
      ? `free(${name}): the arena marks it dead; its slots come back only when the blocks above it are freed too, or all are.`
      : `free(${name}): its slots are free again, merged with any free neighbour.`;
  }

  view(): PlaygroundView {
    const base = this.process.allocator.chunks()[0]?.addr ?? 0;
    const first = base + LAYOUT[this.kind].before;
    const slots: { state: SlotState; block?: string }[] = Array.from({ length: PLAYGROUND_SLOTS }, () => ({ state: 'free' as SlotState }));
    const blocks: PlaygroundBlock[] = [];
    for (const c of this.allocator.chunks()) {
      if (c.internal || c.addr < first) continue;
      const start = (c.addr - first) / SLOT_BYTES;
      const count = Math.min(c.size / SLOT_BYTES, PLAYGROUND_SLOTS - start);
      const name = c.state === 'in-use' ? this.names.get(c.userPtr) : undefined;
      for (let i = 0; i < count; i++) {
        const state: SlotState = c.state === 'in-use' ? (i === 0 ? 'tags' : 'used') : c.state === 'free' && this.kind === 'bump' ? 'dead' : 'free';
        slots[start + i] = name ? { state, block: name } : { state };
      }
      if (name) blocks.push({ name, firstSlot: start, slots: count, requested: this.requested.get(c.userPtr) ?? 0 });
    }
    let freeRuns = 0;
    let largest = 0;
    for (let i = 0, run = 0; i <= PLAYGROUND_SLOTS; i++) {
      if (i < PLAYGROUND_SLOTS && slots[i].state === 'free') run++;
      else if (run > 0) {
        freeRuns++;
        largest = Math.max(largest, run);
        run = 0;
      }
    }
    return {
      version: CONTRACT_VERSION, kind: 'slot-playground', allocator: this.kind, slots, blocks,
      allocatedSlots: slots.filter((s) => s.state === 'tags' || s.state === 'used').length,
      freeRuns, largestFreeRun: largest, failedRequests: this.failed, message: this.message,
    };
  }

  private slotsOf(ptr: number): { first: number; count: number } {
    const block = this.view().blocks.find((b) => b.name === this.names.get(ptr));
    return { first: block?.firstSlot ?? 0, count: block?.slots ?? 0 };
  }
}

/** The process's heap host, with the program break held to `limit` bytes of growth. */
function capHeap(host: HeapHost, limit: number): HeapHost {
  let used = 0;
  return {
    memory: host.memory,
    viewMemory: host.viewMemory,
    sbrk: (increment) => {
      if (used + increment > limit) return null;
      const old = host.sbrk(increment);
      if (old !== null) used += increment;
      return old;
    },
    mmap: () => null,
    munmap: (addr, length) => host.munmap(addr, length),
    abort: (message) => host.abort(message),
  };
}

function blockName(n: number): string {
  const letter = String.fromCharCode(65 + (n % 26));
  return n < 26 ? letter : `${letter.toLowerCase()}${Math.floor(n / 26) + 1}`;
}
