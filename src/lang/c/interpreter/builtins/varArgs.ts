import type { PrintfArguments } from '../../libc/printfArguments';
import type { Int64 } from '../values/int64';
import type { Value, ValueKind } from '../values/valueKind';

const GP_REGISTERS = 6;
const SSE_REGISTERS = 8;

/**
 * va_arg over the arguments of one call, as x86-64 passes them (SysV ABI 3.5.7): integer-class
 * arguments in rdi..r9 then the stack, double-class ones in xmm0..xmm7 then the stack, the
 * stack shared by both in argument order. printf and scanf (libc) pull from here on demand, so
 * a mismatched conversion reads what the real call would read (0 where a register would hold
 * something unknown).
 *
 * Nothing is copied up front (printf runs once per loop iteration): the next register argument
 * of a class is found by scanning forward, and the stack's order is worked out only if a
 * conversion runs past the registers.
 */
export class VarArgs implements PrintfArguments {
  private gpLeft: number;
  private sseLeft: number;
  /** Where the scans for the next integer-class and double-class register argument resume. */
  private gpNext: number;
  private sseNext: number;
  private stack: Value[] | undefined;
  private ki = 0;

  constructor(private readonly args: readonly Value[], private readonly kinds: readonly ValueKind[], private readonly from: number) {
    let gpUsed = 0;
    let sseUsed = 0;
    for (let i = 0; i < from; i++) (isSse(kinds[i]) ? sseUsed++ : gpUsed++);
    this.gpLeft = GP_REGISTERS - gpUsed;
    this.sseLeft = SSE_REGISTERS - sseUsed;
    this.gpNext = from;
    this.sseNext = from;
  }

  /** PrintfArguments: the next integer slot (an Int64: its value, negative for two's complement). */
  nextInt(): bigint | number {
    return this.nextInteger();
  }

  /** va_arg(ap, long): the 64 bits of the next integer-class argument. */
  nextInteger(): Int64 {
    if (this.gpLeft > 0) {
      this.gpLeft--;
      let i = this.gpNext;
      while (i < this.args.length && (isSse(this.kinds[i]) || this.kinds[i] === 'record')) i++;
      this.gpNext = i + 1;
      const v = this.args[i];
      return v === undefined ? 0 : (v as Int64);
    }
    return (this.stackArguments()[this.ki++] as Int64) ?? 0;
  }

  nextDouble(): number {
    if (this.sseLeft > 0) {
      this.sseLeft--;
      let i = this.sseNext;
      while (i < this.args.length && !isSse(this.kinds[i])) i++;
      this.sseNext = i + 1;
      const v = this.args[i];
      return v === undefined ? 0 : Number(v);
    }
    const v = this.stackArguments()[this.ki++];
    return typeof v === 'number' ? v : 0;
  }

  /** The variadic arguments that did not fit in registers, in argument order (records always). */
  private stackArguments(): Value[] {
    if (this.stack) return this.stack;
    const stack: Value[] = [];
    let g = 0;
    let s = 0;
    for (let i = 0; i < this.from; i++) (isSse(this.kinds[i]) ? s++ : g++);
    for (let i = this.from; i < this.args.length; i++) {
      const sse = isSse(this.kinds[i]);
      if (sse && s < SSE_REGISTERS) s++;
      else if (!sse && this.kinds[i] !== 'record' && g < GP_REGISTERS) g++;
      else stack.push(this.args[i]);
    }
    return (this.stack = stack);
  }
}

function isSse(kind: ValueKind | undefined): boolean {
  return kind === 'f64' || kind === 'f32';
}
