import { layoutRecord } from './recordLayout';
import { type ArrayType, type CType, type RecordType, DOUBLE, LONG, UINT, arrayOf, pointerTo } from './types';

/**
 * gcc's `__builtin_va_list` on x86-64 (SysV ABI 3.5.7): an array of one `struct __va_list_tag`
 * { unsigned gp_offset, fp_offset; void *overflow_arg_area, *reg_save_area; }, 24 bytes. gp_offset
 * and fp_offset say how far va_arg has got in the register save area (0-48 for the six integer
 * registers, 48-176 for the eight SSE ones); overflow_arg_area points at the next argument the
 * caller passed on the stack.
 */
export const VA_LIST_TAG: RecordType = {
  kind: 'struct',
  tag: '__va_list_tag',
  layout: layoutRecord('struct', [
    { name: 'gp_offset', type: UINT }, { name: 'fp_offset', type: UINT },
    { name: 'overflow_arg_area', type: pointerTo({ kind: 'void' }) }, { name: 'reg_save_area', type: pointerTo({ kind: 'void' }) },
  ]),
};

export const VA_LIST: ArrayType = arrayOf(VA_LIST_TAG, 1);

/** Offsets of the tag's fields. */
export const GP_OFFSET = 0;
export const FP_OFFSET = 4;
export const OVERFLOW_ARG_AREA = 8;
export const REG_SAVE_AREA = 16;
/** Where the SSE registers start in the save area, and its size. */
export const SSE_SAVE_START = 48;
export const REG_SAVE_AREA_SIZE = 176;

export function isVaListTag(type: CType): boolean {
  return (type.kind === 'struct') && type.layout === VA_LIST_TAG.layout;
}

/**
 * The register save area a variadic function's prologue fills (gcc -O0 puts it right below the
 * saved rbp): rdi..r9, then xmm0..xmm7 (16 bytes each; a double uses the low 8). Only the
 * registers after the named parameters are stored, the SSE ones only if the caller said (in al)
 * that it passed any.
 */
export const REGISTER_SAVE_AREA: RecordType = (() => {
  const layout = layoutRecord('struct', [{ name: 'gp', type: arrayOf(LONG, 6) }, { name: 'xmm', type: arrayOf(arrayOf(DOUBLE, 2), 8) }]);
  return { kind: 'struct', tag: '(register save area)', layout: { ...layout, align: 16 } };
})();
