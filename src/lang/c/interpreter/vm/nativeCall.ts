import type { Int64 } from '../values/int64';
import type { Value } from '../values/valueKind';

/** One call a library function makes to the program: the comparator of qsort/bsearch. */
export interface Comparison {
  readonly a: number;
  readonly b: number;
}

/** What a native frame may ask of the machine while it starts. */
export interface NativeHost {
  /** Stack memory in the library function's own frame (alloca). */
  alloca(size: number): number;
}

/**
 * Returned by a library function that calls back into the program (qsort, bsearch): the machine
 * pushes a native frame (a real frame in stack memory, so its alloca'd buffer and the
 * comparator's frames below it are where glibc's would be), runs `steps`, and calls `callback`
 * with each pair it yields, feeding the comparator's int result back in. The function's result
 * is `finish(return value of steps)`. No JS recursion: the comparator runs as ordinary
 * activations of the VM, and can be stepped into.
 */
export class NativeCall {
  constructor(
    readonly name: string,
    readonly callback: Int64,
    readonly start: (host: NativeHost) => Generator<Comparison, unknown, number>,
    readonly finish: (result: unknown) => Value,
    /** Bytes the frame reserves for alloca (glibc's msort uses the stack below 1024 bytes). */
    readonly frameBytes = 1024,
  ) {}
}
