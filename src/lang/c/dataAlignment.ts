import { type CType, alignOf, isAggregate, sizeOf } from './types';

/**
 * Alignment gcc gives an object with static storage on x86-64 (ix86_data_alignment with the
 * default -malign-data=compat): on top of the type's own alignment, an array, struct or union of
 * 32 bytes or more is aligned to 32, one of 16 bytes or more to 16 (the x86-64 ABI requires it
 * for arrays), one of 8 bytes or more to 8. Scalars keep their natural alignment.
 */
export function staticDataAlignment(type: CType): number {
  const natural = alignOf(type);
  if (!isAggregate(type)) return natural;
  const size = sizeOf(type) ?? 0;
  if (size >= 32) return Math.max(natural, 32);
  if (size >= 16) return Math.max(natural, 16);
  if (size >= 8) return Math.max(natural, 8);
  return natural;
}
