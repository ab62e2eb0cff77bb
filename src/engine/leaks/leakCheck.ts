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
  classOf(id: number): LeakClass;
  /** Blocks that are reachable only through an interior pointer a heuristic accepted. */
  readonly heuristicOf: ReadonlyMap<number, LeakHeuristic>;
  /** For an indirectly lost block: the definitely (or possibly) lost block whose clique it is in (0: none). */
  leaderOf(id: number): number;
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
 *
 * States and leaders are typed columns by block id: a million blocks cost 5 MB and no objects.
 */
export function checkLeaks(blocks: LeakBlocks, memory: LeakMemory, roots: LeakRoots): LeakCheckResult {
  let maxId = 0;
  for (const id of blocks.ids) if (id > maxId) maxId = id;
  const { state, heuristic } = markFromRoots(blocks, memory, roots, maxId);
  const leader = new Int32Array(maxId + 1);
  const stack: number[] = [];
  // 2. Cliques of what is left, leaders in address order.
  for (const lead of inAddressOrder(blocks)) {
    if (state[lead] !== Reached.Unreached) continue;
    stack.push(lead);
    while (stack.length > 0) {
      const id = stack.pop()!;
      const end = blocks.start(id) + blocks.size(id);
      for (let a = Math.ceil(blocks.start(id) / WORD) * WORD; a + WORD <= end; a += WORD) {
        const v = memory.word(a);
        if (v === undefined) continue;
        const t = blocks.idContaining(v);
        if (t === 0 || t === lead || t > maxId || state[t] !== Reached.Unreached) continue;
        state[t] = Reached.IndirectLost;
        leader[t] = lead;
        stack.push(t);
      }
    }
  }
  // A leader that a later leader absorbed hands its clique on (valgrind moves the indirect size).
  const ultimate = (id: number): number => {
    let at = id;
    for (let next = leader[at]; next !== 0; next = leader[at]) at = next;
    return at;
  };
  return {
    classOf: (id) => CLASS[(state[id] ?? Reached.Unreached) as Reached],
    heuristicOf: heuristic,
    leaderOf: (id) => (state[id] === Reached.IndirectLost ? ultimate(id) : 0),
  };
}

/** The ids taking part, by address (usually already so: a heap grows upwards). */
function inAddressOrder(blocks: LeakBlocks): readonly number[] {
  const ids = blocks.ids;
  let sorted = true;
  for (let i = 1; i < ids.length && sorted; i++) sorted = blocks.start(ids[i - 1]) < blocks.start(ids[i]);
  if (sorted) return ids;
  const starts = new Float64Array(ids.length);
  for (let i = 0; i < ids.length; i++) starts[i] = blocks.start(ids[i]);
  starts.sort();
  return Array.from(starts, (a) => blocks.idContaining(a));
}

/**
 * Step 1 alone: the blocks the roots reach (reachable or possibly lost), by id. Cheap enough to
 * run after every statement that could have lost a pointer: it reads the roots and the reached
 * blocks only, never the lost ones.
 */
export function reachedFromRoots(blocks: Pick<LeakBlocks, 'idContaining' | 'start' | 'size'>, memory: LeakMemory, roots: LeakRoots): ReadonlyMap<number, unknown> {
  const reached = new Map<number, Reached>();
  const { state } = markFromRoots(blocks, memory, roots, -1, reached);
  void state;
  return reached;
}

/**
 * Marks from the roots into `state` (by id, sized maxId + 1), or into `sparse` when given (the
 * per-step oracle of the tests reads a few blocks of a large heap).
 */
function markFromRoots(blocks: Pick<LeakBlocks, 'idContaining' | 'start' | 'size'>, memory: LeakMemory, roots: LeakRoots, maxId: number, sparse?: Map<number, Reached>) {
  const dense = new Uint8Array(Math.max(0, maxId + 1));
  const get = sparse ? (id: number) => sparse.get(id) ?? Reached.Unreached : (id: number) => (id <= maxId ? dense[id] : Reached.Reachable);
  const set = sparse ? (id: number, r: Reached) => void sparse.set(id, r) : (id: number, r: Reached) => { dense[id] = r; };
  const heuristic = new Map<number, LeakHeuristic>();
  const stack: number[] = [];
  const reach = (value: number, priorDefinite: boolean): void => {
    const id = blocks.idContaining(value);
    if (id === 0 || (!sparse && id > maxId)) return;
    const now = get(id);
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
      set(id, Reached.Reachable);
      stack.push(id);
    } else if (now === Reached.Unreached) {
      set(id, Reached.Possible);
      stack.push(id);
    }
  };
  const scan = (start: number, end: number, definite: boolean) => {
    for (let a = Math.ceil(start / WORD) * WORD; a + WORD <= end; a += WORD) {
      const v = memory.word(a);
      if (v !== undefined) reach(v, definite);
    }
  };
  for (const r of roots.ranges) scan(r.start, r.end, true);
  for (const v of roots.words ?? []) reach(v, true);
  for (const id of roots.heldBlocks ?? []) reach(blocks.start(id), true);
  while (stack.length > 0) {
    const id = stack.pop()!;
    scan(blocks.start(id), blocks.start(id) + blocks.size(id), get(id) === Reached.Reachable);
  }
  return { state: dense, heuristic };
}

const CLASS: Record<Reached, LeakClass> = {
  [Reached.Unreached]: 'definitely-lost',
  [Reached.IndirectLost]: 'indirectly-lost',
  [Reached.Possible]: 'possibly-lost',
  [Reached.Reachable]: 'reachable',
};

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
