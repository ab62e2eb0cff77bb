import type { PrintfArguments } from '../../libc/printfArguments';
import type { Int64 } from '../values/int64';
import type { Value, ValueKind } from '../values/valueKind';

/**
 * va_arg over the arguments of one call, as x86-64 passes them (SysV ABI 3.5.7): integer-class
 * arguments in rdi..r9 then the stack, double-class ones in xmm0..xmm7 then the stack, the
 * stack shared by both in argument order. printf and scanf (libc) pull from here on demand, so
 * a mismatched conversion reads what the real call would read (0 where a register would hold
 * something unknown).
 */
export class VarArgs implements PrintfArguments {
  private readonly gp: Value[] = [];
  private readonly sse: Value[] = [];
  private readonly stack: Value[] = [];
  private gpLeft: number;
  private sseLeft: number;
  private gi = 0;
  private si = 0;
  private ki = 0;

  constructor(args: readonly Value[], kinds: readonly ValueKind[], from: number) {
    let gpUsed = 0;
    let sseUsed = 0;
    for (let i = 0; i < from; i++) (kinds[i] === 'f64' || kinds[i] === 'f32' ? sseUsed++ : gpUsed++);
    this.gpLeft = 6 - gpUsed;
    this.sseLeft = 8 - sseUsed;
    let g = gpUsed;
    let s = sseUsed;
    for (let i = from; i < args.length; i++) {
      const isSse = kinds[i] === 'f64' || kinds[i] === 'f32';
      if (isSse && s < 8) { this.sse.push(args[i]); s++; }
      else if (!isSse && kinds[i] !== 'record' && g < 6) { this.gp.push(args[i]); g++; }
      else this.stack.push(args[i]);
    }
  }

  /** PrintfArguments: the next integer slot as its 64 bits. */
  nextInt(): bigint {
    return BigInt.asUintN(64, BigInt(this.nextInteger()));
  }

  /** va_arg(ap, long): the 64 bits of the next integer-class argument. */
  nextInteger(): Int64 {
    if (this.gpLeft > 0) {
      this.gpLeft--;
      const v = this.gp[this.gi++];
      return v === undefined ? 0 : (v as Int64);
    }
    return (this.stack[this.ki++] as Int64) ?? 0;
  }

  nextDouble(): number {
    if (this.sseLeft > 0) {
      this.sseLeft--;
      const v = this.sse[this.si++];
      return v === undefined ? 0 : Number(v);
    }
    const v = this.stack[this.ki++];
    return typeof v === 'number' ? v : 0;
  }
}

