import { PAGE_SIZE } from '../addressSpace/layout';
import { CowColumn, CowTable, type Forkable, forkState } from './copyOnWrite';

/**
 * What a frame holds; decides what eviction must do with it.
 * - Anonymous: heap, stack, bss, MAP_ANONYMOUS, written private file pages: swap-backed;
 * - FileCopy: a private file page not written since it was read: dropped and read again;
 * - PageCache: a page of a file shared by MAP_SHARED mappings: written back to the file;
 * - SharedAnonymous: MAP_SHARED|MAP_ANONYMOUS memory (shmem): swap-backed, shown as RssShmem.
 * (A plain object rather than a const enum, so that per-file transpilers can compile users.)
 */
export const FrameUse = { Free: 0, Anonymous: 1, FileCopy: 2, PageCache: 3, SharedAnonymous: 4 } as const;
export type FrameUse = (typeof FrameUse)[keyof typeof FrameUse];

/** Frames' bytes are carved from host buffers of this many frames (one allocation, not 64). */
const FRAMES_PER_SLAB = 64;

/**
 * Host memory for frames' bytes: one ArrayBuffer per 64 frames, since allocating each 4 KiB
 * buffer on its own was the slowest part of a page fault. Not simulated state: a RAM and its
 * forks take from the same one.
 */
class FrameSlabs {
  private slab: ArrayBuffer | undefined;
  private used = FRAMES_PER_SLAB;
  /** Frames' bytes handed out so far (by this RAM and its forks). */
  taken = 0;

  /** Zeroed bytes for a frame, or a copy of `from`. */
  take(from?: Uint8Array): Uint8Array {
    if (this.used === FRAMES_PER_SLAB) {
      this.slab = new ArrayBuffer(FRAMES_PER_SLAB * PAGE_SIZE);
      this.used = 0;
    }
    const bytes = new Uint8Array(this.slab!, this.used++ * PAGE_SIZE, PAGE_SIZE);
    this.taken++;
    if (from !== undefined && from !== ZERO_FRAME) bytes.set(from);
    return bytes;
  }
}

/**
 * The bytes of every frame nothing has stored into yet: shared and never written (the first
 * store takes bytes of the frame's own, `writableFrame`). A node process's 30 MB of start-up
 * pages read from its binary, all zeros here, cost no host memory and no copying.
 */
const ZERO_FRAME = new Uint8Array(PAGE_SIZE);

/**
 * Physical RAM: `frameCount` frames of 4 KiB. A frame's bytes are allocated on its first use and
 * reused after it is freed, so the host's memory grows with the bytes the program touches, not
 * with the configured RAM size.
 *
 * Per frame the kernel keeps (like `struct page`): what it holds, the virtual pages mapping it
 * (the reverse map eviction needs), a swap slot when a copy is in swap (the swap cache), and for
 * file pages which page of which file.
 *
 * Frames and their bookkeeping are copy-on-write between this RAM and its forks (the step-back
 * checkpoints, see copyOnWrite.ts): whoever stores into a shared frame gets its own copy first,
 * which is why every store goes through `writableFrame`, never through `frame`.
 */
export class PhysicalMemory implements Forkable {
  private readonly frames: CowTable<Uint8Array>;
  readonly use: CowColumn;
  /** The first virtual page mapping the frame, -1 if none. */
  readonly firstMapper: CowColumn;
  /** More mappers, for page-cache frames mapped by several PTEs (rare). */
  private readonly otherMappers: Map<number, number[]>;
  readonly swapSlot: CowColumn;
  readonly fileId: CowColumn;
  readonly filePage: CowColumn;
  /** Freed frames, reused last-freed first. */
  private readonly freeList: number[];
  private readonly slabs: FrameSlabs;
  private neverUsed = 0;
  private inUse = 0;

  constructor(readonly frameCount: number, from?: PhysicalMemory) {
    if (!Number.isInteger(frameCount) || frameCount < 1) throw new Error(`RAM must hold at least one frame, got ${frameCount}`);
    if (from) {
      this.frames = from.frames[forkState]();
      this.use = from.use[forkState]();
      this.firstMapper = from.firstMapper[forkState]();
      this.swapSlot = from.swapSlot[forkState]();
      this.fileId = from.fileId[forkState]();
      this.filePage = from.filePage[forkState]();
      this.otherMappers = new Map([...from.otherMappers].map(([frame, vpns]) => [frame, [...vpns]]));
      this.freeList = [...from.freeList];
      this.slabs = from.slabs;
      this.neverUsed = from.neverUsed;
      this.inUse = from.inUse;
      return;
    }
    const slabs = new FrameSlabs();
    this.slabs = slabs;
    this.frames = new CowTable((bytes) => slabs.take(bytes));
    this.use = new CowColumn((n) => new Uint8Array(n), FrameUse.Free);
    this.firstMapper = new CowColumn((n) => new Float64Array(n), -1);
    this.swapSlot = new CowColumn((n) => new Int32Array(n), -1);
    this.fileId = new CowColumn((n) => new Int32Array(n), -1);
    this.filePage = new CowColumn((n) => new Float64Array(n), -1);
    this.otherMappers = new Map();
    this.freeList = [];
  }

  get usedFrames(): number {
    return this.inUse;
  }

  get sizeBytes(): number {
    return this.frameCount * PAGE_SIZE;
  }

  /** Frames whose bytes exist on the host (for the bench's memory figure; forks' copies included). */
  get materializedFrames(): number {
    return this.slabs.taken;
  }

  /** A frame's bytes, to read (undefined for a frame never used). */
  frame(frame: number): Uint8Array | undefined {
    return this.frames.get(frame);
  }

  /** A frame's bytes, to store into: this RAM's own copy (made now if a fork shares the frame). */
  writableFrame(frame: number): Uint8Array {
    const bytes = this.frames.mutable(frame);
    if (bytes === undefined) throw new Error(`internal: store into frame ${frame}, which was never allocated`);
    return bytes;
  }

  /** Takes a free frame, zero-filled, or returns -1 when RAM is full (the caller evicts). */
  allocate(use: FrameUse, mapper: number): number {
    let frame: number;
    if (this.freeList.length > 0) {
      frame = this.freeList.pop()!;
      // A frame a checkpoint still shares gets the zero frame rather than zeroing the shared bytes.
      if (this.frames.owns(frame)) this.frames.get(frame)!.fill(0);
      else this.frames.set(frame, ZERO_FRAME, false);
    } else if (this.neverUsed < this.frameCount) {
      frame = this.neverUsed++;
      this.frames.set(frame, ZERO_FRAME, false);
    } else {
      return -1;
    }
    this.use.set(frame, use);
    this.firstMapper.set(frame, mapper);
    this.inUse++;
    return frame;
  }

  release(frame: number): void {
    if (this.use.get(frame) === FrameUse.Free) throw new Error(`internal: frame ${frame} freed twice`);
    this.use.set(frame, FrameUse.Free);
    this.firstMapper.set(frame, -1);
    this.otherMappers.delete(frame);
    this.swapSlot.set(frame, -1);
    this.fileId.set(frame, -1);
    this.filePage.set(frame, -1);
    this.freeList.push(frame);
    this.inUse--;
  }

  /** Every virtual page mapping the frame. */
  mappers(frame: number): number[] {
    const first = this.firstMapper.get(frame);
    const others = this.otherMappers.get(frame) ?? [];
    return first >= 0 ? [first, ...others] : others;
  }

  mapCount(frame: number): number {
    return (this.firstMapper.get(frame) >= 0 ? 1 : 0) + (this.otherMappers.get(frame)?.length ?? 0);
  }

  addMapper(frame: number, vpn: number): void {
    if (this.firstMapper.get(frame) < 0) this.firstMapper.set(frame, vpn);
    else this.otherMappers.set(frame, [...(this.otherMappers.get(frame) ?? []), vpn]);
  }

  /** Removes one mapper; returns how many remain. */
  removeMapper(frame: number, vpn: number): number {
    const others = [...(this.otherMappers.get(frame) ?? [])];
    if (this.firstMapper.get(frame) === vpn) {
      this.firstMapper.set(frame, others.length ? others[0] : -1);
      others.shift();
    } else {
      const at = others.indexOf(vpn);
      if (at >= 0) others.splice(at, 1);
    }
    if (others.length) this.otherMappers.set(frame, others);
    else this.otherMappers.delete(frame);
    return this.mapCount(frame);
  }

  /** A copy of this RAM sharing every frame until one side stores into it. */
  [forkState](): this {
    return new PhysicalMemory(this.frameCount, this) as this;
  }
}
