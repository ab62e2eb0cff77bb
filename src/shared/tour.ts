import type { Judgement } from './annotations/judge';

/**
 * What an annotated program says at a stop of a debug session (the "tour"): the narration of the
 * line it stopped at, the question waiting for an answer, the questions just revealed, and the
 * milestones the run has reached. The debug adapter sends it as the DAP custom event TOUR_EVENT
 * after each stop and after each answer; the extension decorates the editor with it and forwards
 * it to the panel, which draws it in its narration area.
 */
export const TOUR_VERSION = 1;
export const TOUR_EVENT = 'memoryAtlas.tour';
/** The DAP custom request that records an answer: `{ question, answer }` (a choice's index, or the typed text). */
export const ANSWER_REQUEST = 'memoryAtlas.answer';

export interface TourNarration {
  readonly line: number;
  /** With its {expressions} replaced by their values at this stop. */
  readonly text: string;
}

export interface TourQuestion {
  readonly id: number;
  readonly line: number;
  readonly prompt: string;
  readonly kind: 'choice' | 'free' | 'open';
  /** The choices' texts (which are right is told only at the reveal). */
  readonly choices: readonly string[];
  /** What the user answered so far: a choice's index, or the typed text. */
  readonly answer?: number | string;
}

export interface TourReveal {
  readonly id: number;
  readonly line: number;
  readonly prompt: string;
  /** What the user said (a choice's text or the typed answer); undefined when they did not answer. */
  readonly answer?: string;
  readonly judgement: Judgement | 'unanswered';
  /** The right choices, or the accepted answers (empty for an open question). */
  readonly right: readonly string[];
  readonly text: string;
}

export interface TourState {
  readonly version: typeof TOUR_VERSION;
  /** A stop of the program, or an answer just recorded (then only `question` and `milestones` are new). */
  readonly cause: 'stop' | 'answer';
  /** The statements executed at this stop (the panel's log orders by it). */
  readonly steps: number;
  /** The line stopped at; undefined once the program has ended. */
  readonly line?: number;
  readonly narration: readonly TourNarration[];
  readonly question?: TourQuestion;
  readonly reveals: readonly TourReveal[];
  /** Shown when the program has ended. */
  readonly exitNarration: readonly string[];
  /** Milestones reached at this stop (each is sent once a session). */
  readonly milestones: readonly string[];
  /** The file carries annotations at all (a plain file sends no tour). */
  readonly annotated: boolean;
  /** The panel views the example asks for (`@atlas view:`), sent with the first stop. */
  readonly views?: readonly string[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const isText = (v: unknown, max = 4000): v is string => typeof v === 'string' && v.length <= max;
const isLine = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** A tour state as received (from the adapter, or in a webview message): the state, or undefined when malformed. */
export function parseTourState(value: unknown): TourState | undefined {
  if (!isRecord(value) || value.version !== TOUR_VERSION || !isLine(value.steps) || (value.cause !== 'stop' && value.cause !== 'answer')) return undefined;
  if (value.line !== undefined && !isLine(value.line)) return undefined;
  const list = <T>(v: unknown, ok: (x: unknown) => x is T, max = 200): T[] | undefined => (Array.isArray(v) && v.length <= max && v.every(ok) ? v : undefined);
  const narration = list(value.narration, (n): n is TourNarration => isRecord(n) && isLine(n.line) && isText(n.text));
  const reveals = list(value.reveals, (r): r is TourReveal => isRecord(r) && isLine(r.id) && isLine(r.line) && isText(r.prompt) && isText(r.text)
    && (r.answer === undefined || isText(r.answer)) && ['right', 'wrong', 'open', 'unanswered'].includes(r.judgement as string) && list(r.right, (x): x is string => isText(x)) !== undefined);
  const exitNarration = list(value.exitNarration, (x): x is string => isText(x));
  const milestones = list(value.milestones, (x): x is string => isText(x, 200));
  const q = value.question;
  const question = q === undefined ? undefined : isRecord(q) && isLine(q.id) && isLine(q.line) && isText(q.prompt) && ['choice', 'free', 'open'].includes(q.kind as string)
    && list(q.choices, (x): x is string => isText(x), 20) && (q.answer === undefined || typeof q.answer === 'number' || isText(q.answer)) ? q as unknown as TourQuestion : null;
  const views = value.views === undefined ? undefined : list(value.views, (x): x is string => typeof x === 'string' && /^[a-z-]{1,24}$/.test(x), 2);
  if (!narration || !reveals || !exitNarration || !milestones || question === null || typeof value.annotated !== 'boolean' || views === null) return undefined;
  return {
    version: TOUR_VERSION, cause: value.cause, steps: value.steps, ...(value.line !== undefined ? { line: value.line } : {}), narration,
    ...(question ? { question } : {}), reveals, exitNarration, milestones, annotated: value.annotated, ...(views ? { views } : {}),
  };
}

/** An answer as the webview sends it: a choice's index or a typed text (at most 500 characters). */
export function isAnswer(v: unknown): v is number | string {
  return (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 20) || (typeof v === 'string' && v.length <= 500);
}
