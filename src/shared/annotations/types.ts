import type { AllocatorName } from '../allocators';
import type { Diagnostic } from '../diagnostics';

/** How the program runs: each a default the CLI's flags and a launch.json's properties win over. */
export interface RunSettings {
  readonly allocator?: AllocatorName;
  /** How a managed heap (JavaScript) reclaims memory. */
  readonly collector?: CollectorSetting;
  /** Simulated RAM and swap, in bytes (whole 4 KiB pages). */
  readonly ramBytes?: number;
  readonly swapBytes?: number;
  /** Statements a run (or one continue) may execute before it stops. */
  readonly stepLimit?: number;
  /** The panel's views to show when stepping starts (one, or two side by side). */
  readonly views?: readonly PanelView[];
}

/** The ids of the panel's live views (webview/src/views/registry.ts). */
export const PANEL_VIEWS = ['address-space', 'stack', 'heap', 'managed-heap', 'pointers', 'pages', 'counters', 'report', 'examples'] as const;
export type PanelView = (typeof PANEL_VIEWS)[number];

export const COLLECTOR_SETTINGS = ['generational', 'refcount', 'refcount+cycles'] as const;
export type CollectorSetting = (typeof COLLECTOR_SETTINGS)[number];

/** Text shown when execution reaches `line` (in the panel and beside the line in the editor). */
export interface Narration {
  /** The line it is bound to: the code line it trails, or the next line with code after it. */
  readonly line: number;
  readonly text: string;
  /** Where the annotation itself is written. */
  readonly at: number;
}

/**
 * A predict-then-reveal question: the run pauses before `line`, asks, and once the line has run
 * (the next continue or step), reveals. `choice`: pick one of `choices` (some `correct`); `free`:
 * type an answer, right when it matches one of `accept`; `open`: any prediction, nothing to judge.
 */
export interface Question {
  /** Its index among the file's questions (stable while the file is unchanged). */
  readonly id: number;
  readonly line: number;
  readonly at: number;
  readonly prompt: string;
  readonly kind: 'choice' | 'free' | 'open';
  readonly choices: readonly { readonly text: string; readonly correct: boolean }[];
  readonly accept: readonly string[];
  readonly reveal: string;
  /** Asked the first time the line is reached with this condition true (in the program's language); else the first time. */
  readonly condition?: string;
}

export type LeakClassName = 'definitely' | 'indirectly' | 'possibly' | 'reachable';
export const LEAK_CLASS_NAMES: readonly LeakClassName[] = ['definitely', 'indirectly', 'possibly', 'reachable'];

export interface Amount {
  readonly bytes: number;
  readonly blocks: number;
}

export type Comparison = '=' | '>=' | '<=' | '>' | '<';

/** The memory figures a run's growth is measured in (bytes, end of run minus its start). */
export const GROWTH_FIGURES = ['rss', 'vsz', 'heap', 'heapUsed', 'heapTotal', 'external', 'arrayBuffers'] as const;
export type GrowthFigure = (typeof GROWTH_FIGURES)[number];

export const GC_KINDS = ['scavenge', 'mark-sweep', 'mark-compact', 'cycle-collection', 'any'] as const;
export type GcCountKind = (typeof GC_KINDS)[number];

export const FAULT_KINDS = ['minor', 'major', 'invalid'] as const;
export type PageFaultKind = (typeof FAULT_KINDS)[number];

/**
 * What a run must do, checked by `memory-atlas check` and, for every bundled example, by the
 * unit tests. `at` is the annotation's line (for the message when it fails).
 */
export type Expectation =
  /** The program's whole standard output, one annotation per line. */
  | { readonly kind: 'stdout'; readonly at: number; readonly text: string }
  | { readonly kind: 'exit'; readonly at: number; readonly code?: number; readonly signal?: string }
  /** Leak totals per class at the end of the run; classes not named must be zero. */
  | { readonly kind: 'leaks'; readonly at: number; readonly amounts: Readonly<Record<LeakClassName, Amount>> }
  /** The same, right after `line` first runs. */
  | { readonly kind: 'leaks-after'; readonly at: number; readonly line: number; readonly amounts: Readonly<Record<LeakClassName, Amount>> }
  /** An error of this kind at this line; a file with expectations lists every error its run makes. */
  | { readonly kind: 'error'; readonly at: number; readonly line: number; readonly errorKind: string }
  | { readonly kind: 'gc'; readonly at: number; readonly counts: readonly { readonly gc: GcCountKind; readonly op: Comparison; readonly value: number }[] }
  /** How much figures grew over the run, against a size or another figure's growth. */
  | { readonly kind: 'growth'; readonly at: number; readonly comparisons: readonly GrowthComparison[] }
  /** The same, from the start of the run to right after `line` first runs. */
  | { readonly kind: 'growth-after'; readonly at: number; readonly line: number; readonly comparisons: readonly GrowthComparison[] }
  | { readonly kind: 'faults'; readonly at: number; readonly counts: readonly { readonly fault: PageFaultKind; readonly op: Comparison; readonly value: number }[] }
  /** A condition in the program's language, true right after `line` first runs. */
  | { readonly kind: 'after'; readonly at: number; readonly line: number; readonly condition: string };

export interface GrowthComparison {
  readonly figure: GrowthFigure;
  readonly op: Comparison;
  readonly value: { readonly bytes: number } | { readonly figure: GrowthFigure; readonly times: number };
}

/**
 * A walkthrough milestone: when a run of this file meets the condition, the editor sets the
 * context key `memoryAtlas.done.<id>` (a walkthrough step completes on it).
 * `end`: the program ran to its end; `clean`: it ended with status 0, no memory error and no
 * lost block; `answered`: every question was answered; `error`: the run hit that kind of error.
 */
export interface Milestone {
  readonly id: string;
  readonly at: number;
  readonly when: { readonly kind: 'end' | 'clean' | 'answered' } | { readonly kind: 'error'; readonly errorKind: string };
}

export interface Annotations {
  readonly settings: RunSettings;
  /** The example's title (pickers and the examples view). */
  readonly title?: string;
  readonly narration: readonly Narration[];
  /** Shown when the program has ended. */
  readonly exitNarration: readonly string[];
  readonly questions: readonly Question[];
  readonly expectations: readonly Expectation[];
  readonly milestones: readonly Milestone[];
  readonly diagnostics: readonly Diagnostic[];
}
