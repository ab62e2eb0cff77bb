import type { ObjectRef } from './managedHeap';

/**
 * A collection in progress, as plain data: each collector advances it one unit of work at a time
 * (`stepGc`), so the debugger can stop between units and a saved state can hold it.
 */
export type CollectionState = ScavengeState | MarkSweepState | CycleCollectionState;

interface CollectionBase {
  readonly reason: string;
  readonly atStep: number;
  /** Units of work done so far. */
  steps: number;
  freedBytes: number;
}

/**
 * Cheney's copying scavenge. Roots (the language's roots and the remembered set's old holders)
 * are evacuated one per unit; then to-space is scanned object by object in copy order (the queue
 * is Cheney's scan pointer), each unit evacuating what the scanned object points to.
 * Colours: white = not reached (still in from-space), grey = copied but not scanned, black = scanned.
 */
export interface ScavengeState extends CollectionBase {
  readonly kind: 'scavenge';
  phase: 'roots' | 'copy';
  /** New-space objects the roots point to, in root order (duplicates possible). */
  readonly rootTargets: ObjectRef[];
  rootIndex: number;
  /** Evacuated objects in the order they were copied (or promoted). */
  readonly queue: ObjectRef[];
  scanIndex: number;
  /** Evacuated so far (grey or black), with each one's position in the queue. */
  readonly reached: Map<ObjectRef, number>;
  /** Old-space holders that must be rechecked for new-space pointers when it ends. */
  readonly holders: Set<ObjectRef>;
  /**
   * What each remembered holder pointed to in new space when the scavenge began: no program runs
   * during a scavenge, so at its end the holder points into new space exactly when one of these
   * stayed there (a big holder, a 100,000-entry Map's table, is not traced a second time).
   */
  readonly youngTargets: Map<ObjectRef, ObjectRef[]>;
  /** Objects promoted by this scavenge that point into new space (found while they were scanned). */
  readonly promotedPointingIntoNew: Set<ObjectRef>;
  /** Tables with ephemerons met while scanning (their values live only if their key does). */
  readonly ephemeronTables: Set<ObjectRef>;
  promotedBytes: number;
  /** Where the semispace being evacuated starts and ends (the old to-space). */
  readonly fromStart: number;
  readonly fromEnd: number;
}

/**
 * Tri-colour mark-sweep(-compact) of the whole heap. Roots are greyed one per unit; each mark unit
 * pops a grey object, greys what it points to and blackens it; when the work list is empty the
 * ephemerons are re-examined; then the sweeper takes one space unit (new space evacuated to old
 * space, an old page, the large objects) per step; then, past the fragmentation threshold, the
 * sparsest pages are evacuated object by object.
 */
export interface MarkSweepState extends CollectionBase {
  readonly kind: 'mark-sweep';
  phase: 'roots' | 'mark' | 'sweep' | 'compact';
  /** Driven by safepoints (incremental) or run to the end at once (`collect`). */
  readonly incremental: boolean;
  readonly rootTargets: ObjectRef[];
  rootIndex: number;
  /** The marking work list (a stack, as V8's marking worklist is). */
  readonly worklist: ObjectRef[];
  readonly grey: Set<ObjectRef>;
  readonly black: Set<ObjectRef>;
  readonly ephemeronTables: Set<ObjectRef>;
  /** Sweep units left: 'new', 'large', or an old page's start address. */
  readonly sweepQueue: (number | 'new' | 'large')[];
  /** Objects to move off the evacuation candidates, and the pages to release afterwards. */
  readonly evacuees: ObjectRef[];
  readonly evacuationPages: number[];
  compacted: boolean;
  promotedBytes: number;
}

/**
 * Bacon and Rajan's synchronous cycle collection by trial deletion: from each candidate, subtract
 * the counts internal edges account for (mark grey); what still has a count is reachable from
 * outside (scan: black, counts restored), the rest is white garbage, freed at the end.
 */
export interface CycleCollectionState extends CollectionBase {
  readonly kind: 'cycle-collection';
  phase: 'trial-deletion' | 'scan' | 'sweep';
  readonly candidates: ObjectRef[];
  candidateIndex: number;
  /** Objects still to visit in the current phase's traversal (a stack). */
  readonly pending: ObjectRef[];
  /** Trial counts: each object's count minus the internal references found so far. */
  readonly trialCounts: Map<ObjectRef, number>;
  readonly colour: Map<ObjectRef, 'grey' | 'black' | 'white'>;
  readonly garbage: ObjectRef[];
}
