/**
 * Copy-on-write storage shared between a running machine and its step-back checkpoints.
 *
 * A checkpoint must freeze the machine as it is, but copying every page of a machine with a
 * million heap chunks at every checkpoint costs seconds and gigabytes. Instead, the big stores
 * (RAM frames, their per-frame bookkeeping, shadow bits, requested sizes) are split into items
 * that `fork()` shares between the two copies; whichever copy writes an item first copies it
 * (the kernel's fork(2) does the same with pages). A checkpoint never writes, so the machine pays
 * one copy per item it changes after a checkpoint, and a checkpoint costs memory only for the
 * items that changed since.
 *
 * Ownership is by identity number: every table has an id, and every group and item records the
 * id of the table that made it. `fork()` gives both tables fresh ids, so neither owns anything
 * any more, in O(groups) without touching the items.
 */

/** A method that copies the object for a checkpoint, sharing what it can (see session/deepClone.ts). */
export const forkState = Symbol('forkState');

export interface Forkable {
  [forkState](): this;
}

let lastId = 0;
/** The owner of an item no table may change in place (ids start at 1). */
const NOBODY = 0;
/** A fresh owner id (for copy-on-write structures of their own, like the page table). */
export const newOwnerId = (): number => ++lastId;
const newId = newOwnerId;

const GROUP_BITS = 8;
const GROUP_SIZE = 1 << GROUP_BITS;

interface Group<T> {
  /** The table that may change `items` and `owners` in place. */
  owner: number;
  readonly items: (T | undefined)[];
  /** Per item: the table that may change the item in place. */
  readonly owners: Float64Array;
}

/**
 * A sparse table from non-negative integer indices (page numbers, frame numbers) to items
 * (buffers), in groups of 256 indices. `get` reads; `mutable` returns the item made this table's
 * own, copying it if it is shared with a fork.
 */
export class CowTable<T> implements Forkable {
  private id = newId();
  private count = 0;
  // The last group looked up: neighbouring indices are the usual case.
  private lastKey = -1;
  private lastGroup: Group<T> | undefined;

  constructor(private readonly copyItem: (item: T) => T, private groups = new Map<number, Group<T>>()) {}

  /** Indices holding an item. */
  get size(): number {
    return this.count;
  }

  get(index: number): T | undefined {
    const key = Math.floor(index / GROUP_SIZE);
    const group = key === this.lastKey ? this.lastGroup : this.lookup(key);
    return group === undefined ? undefined : group.items[index - key * GROUP_SIZE];
  }

  /** The item at `index`, which this table may now change in place (undefined if none). */
  mutable(index: number): T | undefined {
    const key = Math.floor(index / GROUP_SIZE);
    let group = key === this.lastKey ? this.lastGroup : this.lookup(key);
    if (group === undefined) return undefined;
    const k = index - key * GROUP_SIZE;
    const item = group.items[k];
    if (item === undefined) return undefined;
    if (group.owner !== this.id) group = this.own(key, group);
    if (group.owners[k] === this.id) return item;
    const copy = this.copyItem(item);
    group.items[k] = copy;
    group.owners[k] = this.id;
    return copy;
  }

  /**
   * Stores `item` at `index`: a fresh buffer nobody else holds (`owned`: changed in place from
   * now on), or one shared by everyone (a constant zero page) that the first `mutable` copies.
   */
  set(index: number, item: T, owned = true): void {
    const key = Math.floor(index / GROUP_SIZE);
    let group = key === this.lastKey ? this.lastGroup : this.lookup(key);
    if (group === undefined) {
      group = { owner: this.id, items: new Array<T | undefined>(GROUP_SIZE), owners: new Float64Array(GROUP_SIZE) };
      this.groups.set(key, group);
      this.lastKey = key;
      this.lastGroup = group;
    } else if (group.owner !== this.id) {
      group = this.own(key, group);
    }
    const k = index - key * GROUP_SIZE;
    if (group.items[k] === undefined) this.count++;
    group.items[k] = item;
    group.owners[k] = owned ? this.id : NOBODY;
  }

  /** True when this table may change the item at `index` in place (it is not shared). */
  owns(index: number): boolean {
    const key = Math.floor(index / GROUP_SIZE);
    const group = key === this.lastKey ? this.lastGroup : this.lookup(key);
    return group !== undefined && group.owner === this.id && group.owners[index - key * GROUP_SIZE] === this.id;
  }

  /** Every index holding an item, with the item (read-only), in index order. */
  *entries(): IterableIterator<[number, T]> {
    for (const key of [...this.groups.keys()].sort((a, b) => a - b)) {
      const items = this.groups.get(key)!.items;
      for (let k = 0; k < GROUP_SIZE; k++) if (items[k] !== undefined) yield [key * GROUP_SIZE + k, items[k]!];
    }
  }

  /** A copy sharing every item with this table until one of them writes it. */
  [forkState](): this {
    const copy = new CowTable<T>(this.copyItem, new Map(this.groups));
    copy.count = this.count;
    this.id = newId();
    return copy as this;
  }

  private lookup(key: number): Group<T> | undefined {
    const group = this.groups.get(key);
    if (group !== undefined) {
      this.lastKey = key;
      this.lastGroup = group;
    }
    return group;
  }

  private own(key: number, shared: Group<T>): Group<T> {
    const group: Group<T> = { owner: this.id, items: shared.items.slice(), owners: shared.owners.slice() };
    this.groups.set(key, group);
    this.lastKey = key;
    this.lastGroup = group;
    return group;
  }
}

type NumberArray = Float64Array | Int32Array | Uint32Array | Uint16Array | Uint8Array;

const CHUNK_BITS = 9;
const CHUNK_SIZE = 1 << CHUNK_BITS;

/**
 * An array of numbers (one per frame, one per heap slot; indices below 2^32) in copy-on-write
 * chunks of 512 (Float64Array, Int32Array... as `make` builds them); indices never written read
 * as `initial`.
 */
export class CowColumn implements Forkable {
  constructor(
    private readonly make: (length: number) => NumberArray,
    private readonly initial: number,
    private readonly chunks = new CowTable<NumberArray>((c) => c.slice()),
  ) {}

  get(index: number): number {
    const chunk = this.chunks.get(index >>> CHUNK_BITS);
    return chunk === undefined ? this.initial : chunk[index & (CHUNK_SIZE - 1)];
  }

  set(index: number, value: number): void {
    const at = index >>> CHUNK_BITS;
    let chunk = this.chunks.mutable(at);
    if (chunk === undefined) {
      if (value === this.initial) return;
      chunk = this.make(CHUNK_SIZE);
      if (this.initial !== 0) chunk.fill(this.initial);
      this.chunks.set(at, chunk);
    }
    chunk[index & (CHUNK_SIZE - 1)] = value;
  }

  [forkState](): this {
    return new CowColumn(this.make, this.initial, this.chunks[forkState]()) as this;
  }
}
