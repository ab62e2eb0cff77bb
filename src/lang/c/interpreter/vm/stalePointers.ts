import type { BlockRegistry } from '../../../../engine/heap/blockRegistry';

/**
 * A word holding a stale pointer: stored for block `freedId` (0: no longer remembered), which was
 * freed, and whose chunk malloc handed out again as block `nowId`. Plain data: checkpoints copy it.
 */
export interface StaleWord {
  readonly freedId: number;
  readonly nowId: number;
}

/** The stale words by address (8-aligned), part of the checker's state. */
export type StaleWords = Map<number, StaleWord>;

/**
 * The leak watch's pointer graph found these words stale (address, value pairs) when block ids
 * were allocated: each was stored for the freed block it still points into. A word already
 * recorded keeps the block it was stored for and moves to the newest block in that chunk.
 */
export function recordStale(words: StaleWords, blocks: BlockRegistry, pairs: readonly number[]): void {
  for (let i = 0; i < pairs.length; i += 2) {
    const addr = pairs[i];
    const value = pairs[i + 1];
    const nowId = blocks.idContaining(value);
    if (nowId === 0) continue;
    const known = words.get(addr);
    const freedId = known !== undefined ? known.freedId : blocks.lastFreedIdContaining(value);
    words.set(addr, { freedId, nowId });
  }
}

/** A store over [addr, addr + size): the words it touches hold what was stored now, not stale pointers. */
export function overwriteStale(words: StaleWords, addr: number, size: number): void {
  for (let a = Math.floor(addr / 8) * 8; a < addr + size; a += 8) words.delete(a);
}

/**
 * A value computed from a stale pointer was stored at addr (`q = p`, `q = p + 1`): the copy is
 * as stale as its source while it still lands in the same block. A value elsewhere (a pointer
 * difference, a comparison widened to long) is no pointer into that block and stays fresh.
 */
export function copyStale(words: StaleWords, blocks: BlockRegistry, from: StaleWord, addr: number, value: number): void {
  if ((addr & 7) !== 0 || blocks.idContaining(value) !== from.nowId) return;
  words.set(addr, from);
}
