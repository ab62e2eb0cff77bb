import { FP_OFFSET, GP_OFFSET, OVERFLOW_ARG_AREA, REG_SAVE_AREA, REG_SAVE_AREA_SIZE, SSE_SAVE_START } from '../../vaList';
import type { VmMemory } from './vmMemory';

/**
 * Where `va_arg(ap, T)` reads its argument, moving `ap` on as gcc's expansion does (SysV ABI
 * 3.5.7): a double comes from the SSE part of the register save area while fp_offset < 176
 * (then fp_offset += 16), an integer or pointer from the integer part while gp_offset < 48
 * (then += 8); after that each comes from overflow_arg_area, the caller's stack arguments, which
 * moves on 8 bytes. `ap` is the address of the __va_list_tag; everything is read and written in
 * the program's memory, as the compiled code does.
 */
export function nextVaArg(mem: VmMemory, ap: number, floating: boolean): number {
  const [field, limit, step] = floating ? [FP_OFFSET, REG_SAVE_AREA_SIZE, 16] : [GP_OFFSET, SSE_SAVE_START, 8];
  const offset = mem.read32(ap + field);
  if (offset < limit) {
    mem.write32(ap + field, offset + step);
    return (mem.readU64(ap + REG_SAVE_AREA) as number) + offset;
  }
  const p = mem.readU64(ap + OVERFLOW_ARG_AREA) as number;
  mem.writeI64(ap + OVERFLOW_ARG_AREA, p + 8);
  return p;
}
