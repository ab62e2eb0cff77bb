import type { TourState } from '../../../src/shared/tour';

/** One thing the annotated program said, for the Report view's narration log. */
export interface TourLogEntry {
  readonly kind: 'narration' | 'question' | 'reveal' | 'exit';
  readonly line?: number;
  readonly text: string;
  readonly steps: number;
}

const MAX_ENTRIES = 200;

/** The log with a stop's tour added (an answer adds nothing: the question is already there). */
export function appendTour(log: readonly TourLogEntry[], tour: TourState): TourLogEntry[] {
  if (tour.cause !== 'stop') return [...log];
  const added: TourLogEntry[] = [
    ...tour.reveals.map((r) => ({ kind: 'reveal' as const, line: r.line, text: `${r.judgement === 'right' ? 'Right: ' : r.judgement === 'wrong' ? `Not quite (${r.right.join(' / ')}): ` : ''}${r.text}`, steps: tour.steps })),
    ...tour.narration.map((n) => ({ kind: 'narration' as const, line: n.line, text: n.text, steps: tour.steps })),
    ...(tour.question && !log.some((e) => e.kind === 'question' && e.line === tour.question!.line && e.text === tour.question!.prompt)
      ? [{ kind: 'question' as const, line: tour.question.line, text: tour.question.prompt, steps: tour.steps }] : []),
    ...tour.exitNarration.map((text) => ({ kind: 'exit' as const, text, steps: tour.steps })),
  ];
  // Stepping back and forth shows a line's narration again: the log says it once.
  const recent = log.slice(-5);
  const fresh = added.filter((a) => a.kind !== 'narration' || !recent.some((e) => e.kind === 'narration' && e.text === a.text));
  return [...log, ...fresh].slice(-MAX_ENTRIES);
}
