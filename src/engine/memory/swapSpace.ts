import { PAGE_SIZE } from '../addressSpace/layout';
import { type Forkable, forkState } from './copyOnWrite';

/** What a slot holds until a page is written to it (never changed: slots are replaced, not written). */
const ZERO_PAGE = new Uint8Array(PAGE_SIZE);

/**
 * The swap area: `slotCount` page-sized slots. A slot's bytes exist only while it is in use.
 * Slots are handed out lowest first, as the kernel's swap allocator scans a swap_info cluster.
 * A slot's bytes are replaced, never changed in place, so a fork (a checkpoint) shares them.
 */
export class SwapSpace implements Forkable {
  private slots = new Map<number, Uint8Array>();
  private freed: number[] = [];
  private next = 0;
  /** Pages written to swap since the start (what vmstat calls pswpout). */
  pagesOut = 0;
  /** Pages read back (pswpin). */
  pagesIn = 0;

  constructor(readonly slotCount: number) {}

  get usedSlots(): number {
    return this.slots.size;
  }

  get sizeBytes(): number {
    return this.slotCount * PAGE_SIZE;
  }

  /** A free slot, or -1 when swap is full. */
  allocate(): number {
    let slot: number;
    if (this.freed.length) slot = this.freed.pop()!;
    else if (this.next < this.slotCount) slot = this.next++;
    else return -1;
    this.slots.set(slot, ZERO_PAGE);
    return slot;
  }

  write(slot: number, page: Uint8Array): void {
    if (!this.slots.has(slot)) throw new Error(`internal: write to free swap slot ${slot}`);
    this.slots.set(slot, page.slice());
    this.pagesOut++;
  }

  read(slot: number, into: Uint8Array): void {
    const stored = this.slots.get(slot);
    if (!stored) throw new Error(`internal: read of free swap slot ${slot}`);
    into.set(stored);
    this.pagesIn++;
  }

  /** A slot's bytes, for views (not to be written; nothing is counted). */
  peek(slot: number): Uint8Array {
    const stored = this.slots.get(slot);
    if (!stored) throw new Error(`internal: peek at free swap slot ${slot}`);
    return stored;
  }

  release(slot: number): void {
    if (!this.slots.delete(slot)) throw new Error(`internal: swap slot ${slot} freed twice`);
    this.freed.push(slot);
    this.freed.sort((a, b) => b - a);
  }

  [forkState](): this {
    const copy = Object.assign(Object.create(SwapSpace.prototype) as SwapSpace, this);
    copy.slots = new Map(this.slots);
    copy.freed = [...this.freed];
    return copy as this;
  }
}
