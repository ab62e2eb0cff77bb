import type { Int64 } from '../values/int64';
import type { Value } from '../values/valueKind';

/** One call a library function makes to the program: the comparator of qsort/bsearch. */
export interface Comparison {
  readonly a: number;
  readonly b: number;
}

/** A call of any function of the program (an exit handler), with its arguments. */
export interface ProgramCall {
  readonly function: Int64;
  readonly args: readonly Value[];
}

/** What a native frame may ask of the machine while it starts. */
export interface NativeHost {
  /** Stack memory in the library function's own frame (alloca). */
  alloca(size: number): number;
}

/**
 * Returned by a library function that calls back into the program (qsort, bsearch, exit): the
 * machine pushes a native frame (a real frame in stack memory, so its alloca'd buffer and the
 * callbacks' frames below it are where glibc's would be), runs `steps`, and calls `callback`
 * with each pair it yields, feeding the comparator's int result back in (or calls the function
 * a ProgramCall names). The function's result is `finish(return value of steps)`. No JS
 * recursion: the callbacks run as ordinary activations of the VM, and can be stepped into.
 */
export class NativeCall {
  constructor(
    readonly name: string,
    /** The comparator, for Comparison steps (checked once, when the frame starts). */
    readonly callback: Int64 | undefined,
    readonly start: (host: NativeHost) => Generator<Comparison | ProgramCall, unknown, number>,
    readonly finish: (result: unknown) => Value,
    /** Bytes the frame reserves for alloca (glibc's msort uses the stack below 1024 bytes). */
    readonly frameBytes = 1024,
  ) {}
}
