import type { AddressSpace } from './addressSpace/addressSpace';
import type { Vma } from './addressSpace/vma';
import { type ProcessImage, type ProcessImageOptions, DEFAULT_ENVIRONMENT, buildProcessImage, symbolAt, type PlacedSymbol } from './image/processImage';
import type { ProgramDescription } from './image/programObjects';
import { type AuxvEntry, writeExecStack } from './kernel/execStack';
import { Kernel, type KernelOptions, type MemoryCounters } from './kernel/kernel';
import { KernelHeapHost } from './kernel/kernelHeapHost';
import type { Allocator, ChunkInfo } from './heap/allocator';
import type { HeapHost } from './heap/heapHost';
import { GlibcMalloc } from './heap/glibc/glibcMalloc';
import { MeteredAllocator } from './heap/meteredAllocator';
import type { MemoryListener } from './memory/memoryEvents';
import { Mmu, type MmuOptions } from './memory/mmu';
import { DEFAULT_RAM_BYTES, DEFAULT_SWAP_BYTES } from './memory/paging';
import { type PageTableSummary, pageTableSummary } from './memory/residency';
import { FileStore } from './memory/simulatedFile';
import { CallStack, type FrameSlot, type StackFrame } from './stack/callStack';

export interface ProcessOptions extends ProcessImageOptions, Omit<MmuOptions, 'stack'>, KernelOptions {
  readonly listener?: MemoryListener;
  /** The C library's allocator; glibc 2.36's malloc unless a teaching allocator is chosen. */
  readonly allocator?: (host: HeapHost) => Allocator;
}

/**
 * __libc_start_call_main's return address in Debian 12's libc 2.36 (offset 0x2718a in the file,
 * mapped at libc's base): where `main` returns to.
 */
export const MAIN_RETURN_ADDRESS_OFFSET = 0x2718a;

/** Everything the views can say about one address. */
export interface AddressInfo {
  readonly address: number;
  readonly vma?: Vma;
  readonly symbol?: PlacedSymbol;
  readonly frame?: StackFrame;
  readonly slot?: FrameSlot;
  /** The heap chunk (header included) that holds the address, for addresses in the heap or an mmapped chunk. */
  readonly chunk?: ChunkInfo;
}

/**
 * One simulated process at the first instruction of `main`: the image (VMAs), the MMU with its
 * page table and RAM, the kernel, the initial stack written into stack memory, and the call stack
 * ready for `main`'s frame. A language front end starts here.
 */
export class Process {
  readonly files = new FileStore();
  readonly mmu: Mmu;
  readonly kernel: Kernel;
  readonly heapHost: KernelHeapHost;
  /** malloc and friends, counted (kernel calls, failures, peaks); nothing is allocated until the program (or stdio) first asks. */
  readonly allocator: MeteredAllocator;
  readonly callStack: CallStack;
  readonly auxv: readonly AuxvEntry[];
  readonly argv: readonly string[];
  readonly envp: readonly string[];

  private constructor(readonly image: ProcessImage, options: ProcessOptions, argv: readonly string[], envp: readonly string[]) {
    this.argv = argv;
    this.envp = envp;
    createImageFiles(this.files, image.addressSpace);
    this.mmu = new Mmu(image.addressSpace, this.files, {
      ...options,
      stack: { limitAddress: image.stackLimitAddress, guardStart: image.guardPage.start },
    });
    this.mmu.paging.listener = options.listener;
    // Strict overcommit accounting: the heap cannot commit more than the simulated RAM + swap.
    const commitLimit = options.commitLimit ?? (options.ramBytes ?? DEFAULT_RAM_BYTES) + (options.swapBytes ?? DEFAULT_SWAP_BYTES);
    this.kernel = new Kernel(image.addressSpace, this.mmu, this.files, image.initialBreak, { ...options, commitLimit });
    this.heapHost = new KernelHeapHost(this.kernel);
    this.allocator = new MeteredAllocator(options.allocator ?? ((host) => new GlibcMalloc(host)), this.heapHost);
    this.auxv = writeExecStack(this.mmu, image.addressSpace, image.stack, {
      path: image.program.path, argv, envp, entryAddress: image.entryAddress,
    });
    // Before main's call: rsp 16-byte aligned one word above where the return address goes,
    // rip at the `call` in __libc_start_call_main. rbp holds a leftover value there (gdb shows 1).
    const libcBase = image.addressSpace.list().find((a) => a.file?.path.endsWith('/libc.so.6') && a.file.offset === 0)!.start;
    this.callStack = new CallStack(this.mmu, {
      rsp: image.stack.mainEntryRsp + 8,
      rbp: 1,
      rip: libcBase + MAIN_RETURN_ADDRESS_OFFSET - 5,
    });
  }

  static start(program: ProgramDescription, options: ProcessOptions = {}): Process {
    const argv = options.argv ?? [program.path];
    const envp = options.envp ?? DEFAULT_ENVIRONMENT;
    const image = buildProcessImage(program, { ...options, argv, envp });
    return new Process(image, options, argv, envp);
  }

  get addressSpace(): AddressSpace {
    return this.image.addressSpace;
  }

  get memory(): Mmu {
    return this.mmu;
  }

  counters(): MemoryCounters {
    return this.kernel.counters();
  }

  pageTableSummary(): PageTableSummary {
    return pageTableSummary(this.mmu.paging, this.addressSpace.list());
  }

  /**
   * Which mapping, global, stack slot or heap chunk (if any) hold `address`. `chunkAt` finds the
   * chunk from a caller's index of the heap (default: the allocator walks its chunks).
   */
  describeAddress(address: number, chunkAt: (addr: number) => ChunkInfo | null = (a) => this.allocator.chunkContaining(a)): AddressInfo {
    const vma = this.addressSpace.find(address);
    const onStack = vma?.role === 'stack' ? this.callStack.frameAt(address) : undefined;
    const inHeap = vma && (vma.role === 'heap' || (vma.role === 'mmap-anon' && !vma.file));
    const chunk = inHeap ? chunkAt(address) ?? undefined : undefined;
    return { address, vma, symbol: symbolAt(this.image, address), frame: onStack?.frame, slot: onStack?.slot, chunk };
  }
}

/**
 * The files behind the image's file mappings (the program, libc, ld.so), as sparse zero-filled
 * files long enough for every mapping of them. The loader's copies of their bytes are what
 * Mmu.kernelWrite puts there.
 */
function createImageFiles(files: FileStore, space: AddressSpace): void {
  const extents = new Map<string, { size: number; device: string; inode: number }>();
  for (const vma of space.list()) {
    if (!vma.file) continue;
    const end = vma.file.offset + (vma.end - vma.start);
    const known = extents.get(vma.file.path);
    extents.set(vma.file.path, { size: Math.max(known?.size ?? 0, end), device: vma.file.device, inode: vma.file.inode });
  }
  for (const [path, e] of extents) files.createSparse(path, e.size, { device: e.device, inode: e.inode });
}
