import { PAGE_SIZE } from '../addressSpace/layout';

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

/**
 * Physical RAM: `frameCount` frames of 4 KiB. A frame's bytes are allocated on its first use and
 * reused after it is freed, so the host's memory grows with the bytes the program touches, not
 * with the configured RAM size.
 *
 * Per frame the kernel keeps (like `struct page`): what it holds, the virtual pages mapping it
 * (the reverse map eviction needs), a swap slot when a copy is in swap (the swap cache), and for
 * file pages which page of which file.
 */
export class PhysicalMemory {
  readonly bytes: (Uint8Array | undefined)[];
  readonly use: Uint8Array;
  /** The first virtual page mapping the frame, -1 if none. */
  readonly firstMapper: Float64Array;
  /** More mappers, for page-cache frames mapped by several PTEs (rare). */
  readonly otherMappers = new Map<number, number[]>();
  readonly swapSlot: Int32Array;
  readonly fileId: Int32Array;
  readonly filePage: Float64Array;
  private readonly freeList: Int32Array;
  private freeCount = 0;
  private neverUsed = 0;
  private inUse = 0;

  constructor(readonly frameCount: number) {
    if (!Number.isInteger(frameCount) || frameCount < 1) throw new Error(`RAM must hold at least one frame, got ${frameCount}`);
    this.bytes = new Array<Uint8Array | undefined>(frameCount);
    this.use = new Uint8Array(frameCount);
    this.firstMapper = new Float64Array(frameCount).fill(-1);
    this.swapSlot = new Int32Array(frameCount).fill(-1);
    this.fileId = new Int32Array(frameCount).fill(-1);
    this.filePage = new Float64Array(frameCount).fill(-1);
    this.freeList = new Int32Array(frameCount);
  }

  get usedFrames(): number {
    return this.inUse;
  }

  get sizeBytes(): number {
    return this.frameCount * PAGE_SIZE;
  }

  /** Frames whose bytes exist on the host (for the bench's memory figure). */
  get materializedFrames(): number {
    return this.neverUsed;
  }

  /** Takes a free frame, zero-filled, or returns -1 when RAM is full (the caller evicts). */
  allocate(use: FrameUse, mapper: number): number {
    let frame: number;
    if (this.freeCount > 0) {
      frame = this.freeList[--this.freeCount];
      this.bytes[frame]!.fill(0);
    } else if (this.neverUsed < this.frameCount) {
      frame = this.neverUsed++;
      this.bytes[frame] = new Uint8Array(PAGE_SIZE);
    } else {
      return -1;
    }
    this.use[frame] = use;
    this.firstMapper[frame] = mapper;
    this.inUse++;
    return frame;
  }

  release(frame: number): void {
    if (this.use[frame] === FrameUse.Free) throw new Error(`internal: frame ${frame} freed twice`);
    this.use[frame] = FrameUse.Free;
    this.firstMapper[frame] = -1;
    this.otherMappers.delete(frame);
    this.swapSlot[frame] = -1;
    this.fileId[frame] = -1;
    this.filePage[frame] = -1;
    this.freeList[this.freeCount++] = frame;
    this.inUse--;
  }

  /** Every virtual page mapping the frame. */
  mappers(frame: number): number[] {
    const first = this.firstMapper[frame];
    const others = this.otherMappers.get(frame) ?? [];
    return first >= 0 ? [first, ...others] : others;
  }

  mapCount(frame: number): number {
    return (this.firstMapper[frame] >= 0 ? 1 : 0) + (this.otherMappers.get(frame)?.length ?? 0);
  }

  addMapper(frame: number, vpn: number): void {
    if (this.firstMapper[frame] < 0) this.firstMapper[frame] = vpn;
    else this.otherMappers.set(frame, [...(this.otherMappers.get(frame) ?? []), vpn]);
  }

  /** Removes one mapper; returns how many remain. */
  removeMapper(frame: number, vpn: number): number {
    const others = this.otherMappers.get(frame) ?? [];
    if (this.firstMapper[frame] === vpn) {
      this.firstMapper[frame] = others.length ? others[0] : -1;
      others.shift();
    } else {
      const at = others.indexOf(vpn);
      if (at >= 0) others.splice(at, 1);
    }
    if (others.length) this.otherMappers.set(frame, others);
    else this.otherMappers.delete(frame);
    return this.mapCount(frame);
  }
}
