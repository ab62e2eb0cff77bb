/** The util.inspect options the formatter honours (node 20's defaults in DEFAULT_INSPECT_OPTIONS). */
export interface InspectOptions {
  /** Levels of nesting drawn before an object prints as `[Object]` (Infinity: all). */
  readonly depth: number;
  /** Also list non-enumerable own properties, as `[key]: value` (`%o`). */
  readonly showHidden: boolean;
  /** The line width node fits entries into. */
  readonly breakLength: number;
  /** How many innermost levels may be put on one line (node's `compact` as a number). */
  readonly compact: number;
  /** Array, Set, Map and typed array entries drawn before `... n more items`. */
  readonly maxArrayLength: number;
  /** Characters of a string drawn before `... n more characters`. */
  readonly maxStringLength: number;
}

export const DEFAULT_INSPECT_OPTIONS: InspectOptions = {
  depth: 2,
  showHidden: false,
  breakLength: 80,
  compact: 3,
  maxArrayLength: 100,
  maxStringLength: 10000,
};

/** The state of one inspect call as it descends (node's `ctx`). */
export interface InspectContext extends InspectOptions {
  /** Columns of indentation of the entries being formatted. */
  indentationLvl: number;
  /** The most recent depth entered: how deep the innermost part just formatted went. */
  currentDepth: number;
  /** Identities of the objects being formatted, outermost first (a repeat is a cycle). */
  readonly seen: unknown[];
  /** Objects found to be part of a cycle, numbered in the order found (`<ref *1>`). */
  readonly circular: Map<unknown, number>;
}

export function newContext(options: Partial<InspectOptions> = {}): InspectContext {
  return { ...DEFAULT_INSPECT_OPTIONS, ...options, indentationLvl: 0, currentDepth: 0, seen: [], circular: new Map() };
}

/**
 * What a list of entries holds, which decides its layout: object properties, or array items
 * (after which non-index properties may follow). Arrays with more than six items are grouped
 * in columns.
 */
export type EntryKind = 'object' | 'array';
