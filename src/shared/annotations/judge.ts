import type { Question } from './types';

/** What an answer to a question was worth: `right`/`wrong`, or `open` for a prediction nobody judges. */
export type Judgement = 'right' | 'wrong' | 'open';

/**
 * Judges an answer: a choice by its index (or its text), a free answer against the accepted
 * ones, ignoring case, spacing, thousands separators and a final full stop ("64,000 Bytes." is
 * "64000 bytes").
 */
export function judgeAnswer(question: Question, answer: string | number): Judgement {
  if (question.kind === 'open') return 'open';
  if (question.kind === 'choice') {
    const index = typeof answer === 'number' ? answer : question.choices.findIndex((c) => normalize(c.text) === normalize(answer));
    return question.choices[index]?.correct ? 'right' : 'wrong';
  }
  const given = normalize(String(answer));
  return question.accept.some((a) => normalize(a) === given) ? 'right' : 'wrong';
}

function normalize(text: string): string {
  return text.toLowerCase().replace(/(\d),(?=\d{3}\b)/g, '$1').replace(/\s+/g, ' ').trim().replace(/[.!]$/, '').trim();
}
