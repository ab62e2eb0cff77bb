import type { HeapHost } from '../heap/heapHost';
import type { MemoryAccess } from '../memory/memoryAccess';
import { QuietMemory } from '../memory/quietMemory';
import type { Kernel } from './kernel';
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from './mmanConstants';

/** What glibc's malloc gets from the kernel: the program break and anonymous mappings. */
export class KernelHeapHost implements HeapHost {
  readonly memory: MemoryAccess;
  readonly viewMemory: MemoryAccess;

  constructor(private readonly kernel: Kernel) {
    this.memory = kernel.mmu;
    this.viewMemory = new QuietMemory(kernel.mmu);
  }

  sbrk(increment: number): number | null {
    return this.kernel.sbrk(increment);
  }

  /** mmap(NULL, length, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0). */
  mmap(length: number): number | null {
    const result = this.kernel.mmap(0, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
    return result.ok ? result.value : null;
  }

  munmap(addr: number, length: number): void {
    const result = this.kernel.munmap(addr, length);
    // glibc's munmap_chunk ignores the result; a failure here is an allocator bug, not the program's.
    if (!result.ok) throw new Error(`internal: munmap(${addr.toString(16)}, ${length}) failed: ${result.message}`);
  }

  abort(message: string): never {
    return this.kernel.abort(message);
  }
}
