import type { LeakClass } from '../../shared/memoryIssues';

/** The heap blocks to classify, by id (BlockRegistry offers these). */
export interface LeakBlocks {
  /** The live blocks taking part: the program's (and, mid-run, the library's own). */
  readonly ids: readonly number[];
  /** The id of the live block taking part whose bytes contain addr, or 0. */
  idContaining(addr: number): number;
  start(id: number): number;
  size(id: number): number;
}

/** The memory the check reads: never through the MMU, so a scan disturbs nothing. */
export interface LeakMemory {
  /**
   * The 8-byte word at an aligned address, or undefined when it holds no defined value (unmapped,
   * or some byte never written: Memcheck ignores words with undefined bits).
   */
  word(addr: number): number | undefined;
}

/** Where the pointers that keep blocks alive may be: live frames, data, bss, the program's mmaps. */
export interface LeakRoots {
  readonly ranges: readonly { readonly start: number; readonly end: number }[];
  /** Root words already read (the values of known pointer slots), beside the ranges. */
  readonly words?: readonly number[];
  /** Blocks a root outside simulated memory holds (the C library's own stdio buffers). */
  readonly heldBlocks?: readonly number[];
}

/** Memcheck's --leak-check-heuristics (all on by default): interior pointers it counts as start pointers. */
export type LeakHeuristic = 'stdstring' | 'length64' | 'newarray';

export interface LeakCheckResult {
  readonly classOf: ReadonlyMap<number, LeakClass>;
  /** Blocks that are reachable only through an interior pointer a heuristic accepted. */
  readonly heuristicOf: ReadonlyMap<number, LeakHeuristic>;
  /** For an indirectly lost block: the definitely (or possibly) lost block whose clique it is in. */
  readonly leaderOf: ReadonlyMap<number, number>;
}

const enum Reached {
  Unreached = 0,
  IndirectLost = 1,
  Possible = 2,
  Reachable = 3,
}

const WORD = 8;

/**
 * Memcheck's leak check (valgrind/memcheck/mc_leakcheck.c), over the simulated machine's bytes:
 * 1. mark from the roots: a defined, aligned word pointing at a block's start makes it
 *    reachable; one pointing inside it makes it possibly lost (unless a heuristic recognises
 *    the interior pointer); a reached block's own words are scanned in turn, and what a merely
 *    possible block points to is at best possible;
 * 2. every block still unreached, in address order, leads a clique: the unreached blocks it
 *    reaches (by any pointer) are indirectly lost and belong to it; the leader stays definitely
 *    lost. So in a lost cycle the lowest block is definitely lost and the others indirectly.
 */
export function checkLeaks(blocks: LeakBlocks, memory: LeakMemory, roots: LeakRoots): LeakCheckResult {
  const { state, heuristic } = markFromRoots(blocks, memory, roots);
  const ids = [...blocks.ids].sort((a, b) => blocks.start(a) - blocks.start(b));
  const leader = new Map<number, number>();
  const stack: number[] = [];
  // 2. Cliques of what is left, leaders in address order.
  for (const lead of ids) {
    if (state.has(lead)) continue;
    stack.push(lead);
    while (stack.length > 0) {
      const id = stack.pop()!;
      scanWords(memory, blocks.start(id), blocks.start(id) + blocks.size(id), (v) => {
        const t = blocks.idContaining(v);
        if (t === 0 || t === lead || state.has(t)) return;
        state.set(t, Reached.IndirectLost);
        leader.set(t, lead);
        stack.push(t);
      });
    }
  }
  const classOf = new Map<number, LeakClass>();
  const leaderOf = new Map<number, number>();
  for (const id of blocks.ids) {
    const s = state.get(id) ?? Reached.Unreached;
    classOf.set(id, CLASS[s]);
    if (s === Reached.IndirectLost) leaderOf.set(id, ultimateLeader(leader, id));
  }
  return { classOf, heuristicOf: heuristic, leaderOf };
}

/**
 * Step 1 alone: the blocks the roots reach (reachable or possibly lost), by id. Cheap enough to
 * run after every statement that could have lost a pointer: it reads the roots and the reached
 * blocks only, never the lost ones.
 */
export function reachedFromRoots(blocks: Pick<LeakBlocks, 'idContaining' | 'start' | 'size'>, memory: LeakMemory, roots: LeakRoots): ReadonlyMap<number, unknown> {
  return markFromRoots(blocks, memory, roots).state;
}

function markFromRoots(blocks: Pick<LeakBlocks, 'idContaining' | 'start' | 'size'>, memory: LeakMemory, roots: LeakRoots) {
  /** Absent = unreached. */
  const state = new Map<number, Reached>();
  const heuristic = new Map<number, LeakHeuristic>();
  const stack: number[] = [];
  const reach = (value: number, priorDefinite: boolean): void => {
    const id = blocks.idContaining(value);
    if (id === 0) return;
    const now = state.get(id) ?? Reached.Unreached;
    let viaStart = value === blocks.start(id);
    if (!viaStart) {
      const h = recognise(value, blocks.start(id), blocks.size(id), memory);
      if (h !== undefined) {
        viaStart = true;
        if (now !== Reached.Reachable) heuristic.set(id, h);
      }
    } else if (priorDefinite) heuristic.delete(id);
    if (viaStart && priorDefinite) {
      if (now === Reached.Reachable) return;
      state.set(id, Reached.Reachable);
      stack.push(id);
    } else if (now === Reached.Unreached) {
      state.set(id, Reached.Possible);
      stack.push(id);
    }
  };
  for (const r of roots.ranges) scanWords(memory, r.start, r.end, (v) => reach(v, true));
  for (const v of roots.words ?? []) reach(v, true);
  for (const id of roots.heldBlocks ?? []) reach(blocks.start(id), true);
  while (stack.length > 0) {
    const id = stack.pop()!;
    const definite = state.get(id) === Reached.Reachable;
    scanWords(memory, blocks.start(id), blocks.start(id) + blocks.size(id), (v) => reach(v, definite));
  }
  return { state, heuristic };
}

/** Every defined aligned word in [start, end), whole words only (as Memcheck scans). */
function scanWords(memory: LeakMemory, start: number, end: number, visit: (value: number) => void): void {
  for (let a = Math.ceil(start / WORD) * WORD; a + WORD <= end; a += WORD) {
    const v = memory.word(a);
    if (v !== undefined) visit(v);
  }
}

const CLASS: Record<Reached, LeakClass> = {
  [Reached.Unreached]: 'definitely-lost',
  [Reached.IndirectLost]: 'indirectly-lost',
  [Reached.Possible]: 'possibly-lost',
  [Reached.Reachable]: 'reachable',
};

/** A leader that a later leader absorbed hands its clique on (valgrind moves the indirect size). */
function ultimateLeader(leader: ReadonlyMap<number, number>, id: number): number {
  let at = id;
  for (let next = leader.get(at); next !== undefined; next = leader.get(at)) at = next;
  return at;
}

/**
 * Memcheck's heuristics for interior pointers, in its order (the C++ multiple-inheritance one
 * needs vtables, which C programs have none of):
 * - stdstring: block+24 in a block laid out as length, capacity, refcount, chars, NUL;
 * - length64: block+8 where the first word holds the size of the rest;
 * - newarray: block+8 where the first word is a plausible element count (new[] of objects).
 */
function recognise(ptr: number, start: number, size: number, memory: LeakMemory): LeakHeuristic | undefined {
  if (ptr === start + 3 * WORD) {
    const capacity = memory.word(start + WORD);
    const length = memory.word(start);
    if (capacity !== undefined && 3 * WORD + capacity + 1 === size && length !== undefined && length <= capacity) return 'stdstring';
  }
  if (ptr === start + WORD) {
    const first = memory.word(start);
    if (first !== undefined && first > 0 && size - WORD === first) return 'length64';
    if (first !== undefined && first > 0 && (size - WORD) % first === 0) return 'newarray';
  }
  return undefined;
}
