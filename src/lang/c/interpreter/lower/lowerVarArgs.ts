import { FP_OFFSET, GP_OFFSET, OVERFLOW_ARG_AREA, REG_SAVE_AREA } from '../../vaList';
import type { TExpr } from '../check/checkedTree';
import { isFloating, valueKind } from '../values/valueKind';
import { nextVaArg } from '../vm/vaArg';
import type { Compiled } from './instructions';
import { loadOf } from './kindOps';
import { type LowerContext, lowerValue } from './lowerExpression';

/** Where a variadic function's `...` arguments are, as its frame has them (see frameOf). */
export interface VariadicFrame {
  /** gp_offset and fp_offset after the named parameters: 8 per integer register, 16 per SSE one, from 48. */
  readonly gpOffset: number;
  readonly fpOffset: number;
  /** rbp offsets of the first `...` argument the caller passed on the stack, and of the register save area. */
  readonly overflowOffset: number;
  readonly saveAreaOffset: number;
}

/** `va_start(ap, last)`: the four fields as gcc's prologue code sets them (SysV ABI 3.5.7). */
export function lowerVaStart(cx: LowerContext, e: Extract<TExpr, { node: 'vaStart' }>): Compiled {
  const frame = cx.variadic;
  if (!frame) throw new Error('internal: va_start outside a variadic function');
  const list = lowerValue(cx, e.list);
  const mem = cx.mem;
  return (a) => {
    const ap = list(a) as number;
    mem.write32(ap + GP_OFFSET, frame.gpOffset);
    mem.write32(ap + FP_OFFSET, frame.fpOffset);
    mem.writeI64(ap + OVERFLOW_ARG_AREA, a.rbp + frame.overflowOffset);
    mem.writeI64(ap + REG_SAVE_AREA, a.rbp + frame.saveAreaOffset);
    return undefined;
  };
}

/** `va_arg(ap, T)`: the argument where vm/vaArg.ts finds it, read as a T. */
export function lowerVaArg(cx: LowerContext, e: Extract<TExpr, { node: 'vaArg' }>): Compiled {
  const list = lowerValue(cx, e.list);
  const kind = valueKind(e.type);
  const load = loadOf(kind, 8);
  const floating = isFloating(kind);
  const mem = cx.mem;
  return (a) => load(mem, nextVaArg(mem, list(a) as number, floating));
}
