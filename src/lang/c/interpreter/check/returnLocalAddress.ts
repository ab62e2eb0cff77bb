import type { SyntaxNode } from '../../parser';
import { type CheckContext, warn } from './checkContext';
import type { LocalSlot, TExpr } from './checkedTree';

/**
 * gcc's -Wreturn-local-addr as its C front end applies it (c_finish_return in c-typeck.cc): when a
 * function returning a pointer returns an address that is visibly a local's (`&x`, an array that
 * decays, `&a[2]`, `a + 1`, `&s.field`), gcc warns and compiles the return as `(value, NULL)`:
 * the caller gets NULL, even at -O0. An address that leaves by other means (`int *p = &x;
 * return p;`) is not seen there and is returned as it is; the stack-use-after-return check
 * catches its use.
 *
 * Returns the checked return value to use: the original one, or the comma expression with NULL.
 */
export function returnValueAsGccCompilesIt(ctx: CheckContext, valueNode: SyntaxNode, value: TExpr): TExpr {
  const slot = localWhoseAddressIs(value, ctx.fn?.slots ?? []);
  if (!slot || value.type.kind !== 'pointer') return value;
  const what = slot.isParameter ? `parameter '${slot.name}'` : `variable '${slot.name}'`;
  warn(ctx, valueNode, 'return-local-addr',
    `function returns address of local variable [-Wreturn-local-addr]: ${what} lives in the frame of '${ctx.fn!.name}', which is gone once it returns, so gcc compiles this return as NULL`);
  const nul: TExpr = { node: 'constant', value: 0, type: value.type, range: value.range };
  return { node: 'comma', left: value, right: nul, type: value.type, range: value.range };
}

/** The local slot whose address `e` is, stripped as gcc strips it (conversions, pointer arithmetic, members, array elements). */
function localWhoseAddressIs(e: TExpr, slots: readonly LocalSlot[]): LocalSlot | undefined {
  for (;;) {
    if (e.node === 'convert') e = e.operand;
    else if (e.node === 'pointerAdd') e = e.pointer;
    else break;
  }
  if (e.node !== 'address') return undefined;
  let lvalue = e.lvalue;
  for (;;) {
    if (lvalue.node === 'member' || lvalue.node === 'bitField') lvalue = lvalue.object;
    // a[i] on an array a is the array's element (ARRAY_REF), not an access through a pointer.
    else if (lvalue.node === 'deref' && lvalue.pointer.node === 'pointerAdd' && lvalue.pointer.pointer.node === 'address') lvalue = lvalue.pointer.pointer.lvalue;
    else if (lvalue.node === 'deref' && lvalue.pointer.node === 'address') lvalue = lvalue.pointer.lvalue;
    else break;
  }
  if (lvalue.node !== 'object' || lvalue.storage.kind !== 'local') return undefined;
  const slot = slots[lvalue.storage.slot];
  return slot && !slot.hidden ? slot : undefined;
}
