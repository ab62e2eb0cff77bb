import type { BlockRegistry } from '../../../../engine/heap/blockRegistry';

/**
 * A word holding a stale pointer: stored for block `freedId` (0: no longer remembered), which was
 * freed and whose chunk malloc handed out again, holding `value`. The block now at `value` is
 * looked up when the word is used, not kept: a chunk handed out again and again leaves the record
 * as it is (`nowAt`). Plain data: checkpoints copy it.
 */
export interface StaleWord {
  readonly freedId: number;
  readonly value: number;
}

/** The stale words by address (8-aligned), part of the checker's state. */
export type StaleWords = Map<number, StaleWord>;

/** The live block a stale word's value lands in now (0: none, the chunk is free again). */
export function nowAt(blocks: BlockRegistry, word: StaleWord): number {
  return blocks.idContaining(word.value);
}

/**
 * The leak watch's pointer graph found these words stale (address, value pairs) when block ids
 * were allocated: each was stored for the freed block it still points into. The graph announces
 * a word once; one already recorded (a copy made stale with its source) keeps its record.
 */
export function recordStale(words: StaleWords, blocks: BlockRegistry, pairs: readonly number[]): void {
  for (let i = 0; i < pairs.length; i += 2) {
    const addr = pairs[i];
    const value = pairs[i + 1];
    if (words.has(addr) || blocks.idContaining(value) === 0) continue;
    words.set(addr, { freedId: blocks.lastFreedIdContaining(value), value });
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
  if ((addr & 7) !== 0) return;
  const now = nowAt(blocks, from);
  if (now === 0 || blocks.idContaining(value) !== now) return;
  words.set(addr, { freedId: from.freedId, value });
}
