import type { CollectionStart, CollectionUnit } from '../engine/program/steppableProgram';
import type { GcKind } from '../shared/gcReport';
import type { CollectionStop } from './sessionEvents';

/**
 * The gc stops of a session in words: where a collection starts, each unit of its work stepped
 * through, and its end (what VS Code shows after "Paused on" and the panel shows with the stop).
 */

const NAMES: Readonly<Record<GcKind, string>> = {
  scavenge: 'scavenge', 'mark-sweep': 'mark-sweep', 'mark-compact': 'mark-compact',
  'refcount-free': 'reference-count free', 'cycle-collection': 'cycle collection',
};

/** What each phase's unit does, for the stop's message. */
const PHASES: Readonly<Record<string, string>> = {
  roots: 'visiting the roots',
  copy: 'copying survivors out of from-space (Cheney scan)',
  mark: 'marking (grey to black, one object a unit)',
  sweep: 'sweeping (one space or page a unit)',
  compact: 'compacting (evacuating sparse pages)',
  'trial-deletion': 'trial deletion (subtracting internal references)',
  done: 'done',
};

export function collectionStarting(start: CollectionStart): CollectionStop {
  return { kind: start.kind, reason: start.reason, phase: 'roots', units: 0 };
}

export function collectionAfter(before: CollectionStop, unit: CollectionUnit): CollectionStop {
  const { continuesIncrementally: _, finished: __, ...base } = before;
  return {
    ...base, kind: unit.kind, phase: unit.phase, units: unit.units,
    ...(unit.finished ? { finished: unit.finished } : {}), ...(unit.continuesIncrementally ? { continuesIncrementally: true } : {}),
  };
}

export function collectionMessage(c: CollectionStop): string {
  const name = NAMES[c.kind];
  if (c.finished) {
    const promoted = c.finished.promotedBytes ? `, ${c.finished.promotedBytes} bytes promoted to old space` : '';
    return `${capitalized(name)} finished after ${c.units} units: ${c.finished.freedBytes} bytes freed${promoted}`;
  }
  if (c.units === 0) return `A ${name} starts (${c.reason}): Step Into does its work one unit at a time, Step Over or Continue finish it`;
  const here = `${capitalized(name)}, unit ${c.units}: ${PHASES[c.phase] ?? c.phase}`;
  // Incremental marking: a safepoint does a share of the work, the program runs between shares.
  return c.continuesIncrementally ? `${here}; this safepoint's share is done, the rest runs in increments between the next statements (the write barrier keeps the marking right)` : here;
}

function capitalized(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
