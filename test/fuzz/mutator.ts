import { byteNoise } from './byteNoise';
import type { Random } from './random';

/** A program the fuzzer starts from: a corpus file. */
export interface Seed {
  /** Where it comes from (a path relative to the repository). */
  readonly name: string;
  readonly text: string;
  /** What it reads on stdin, if its corpus gives it input. */
  readonly stdin?: string;
}

/** A program made from a seed, with the mutations that made it (for the crash report). */
export interface Mutant {
  readonly seed: string;
  readonly text: string;
  readonly stdin?: string;
  readonly mutations: readonly string[];
}

/**
 * What a language gives the fuzzer: its corpus and grammar-aware mutations of it. C is the first;
 * JavaScript plugs in the same way (a mutator over acorn's tree and the JS corpus), and the
 * campaign, the workers and the crash handling stay as they are.
 */
export interface LanguageMutator {
  readonly language: 'c' | 'js';
  /** The file extension mutants are named with. */
  readonly extension: string;
  seeds(): readonly Seed[];
  /** One mutant of `seed`: one to three grammar-aware mutations, sometimes byte-level noise. */
  mutate(seed: Seed, random: Random): Mutant;
}

/** An edit of a text: replace [start, end) with `text`. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Applies non-overlapping edits (in any order) to `text`. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((x, y) => y.start - x.start);
  let out = text;
  let limit = Infinity;
  for (const e of sorted) {
    if (e.end > limit) continue; // overlaps an edit already applied: dropped
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
    limit = e.start;
  }
  return out;
}

/** A change a grammar-aware mutation makes: its edits and what it did; undefined when it found nothing to work on. */
export type Change = { readonly edits: readonly TextEdit[]; readonly what: string } | undefined;

/**
 * One mutant of `seed`: one to three mutations chosen by `weights` ('noise' is byte-level damage),
 * each applied to the text the previous one left (`apply` re-parses it), as every language's
 * mutator makes them.
 */
export function mutateSeed<K extends string>(seed: Seed, random: Random, weights: Readonly<Record<K | 'noise', number>>, apply: (name: K, text: string) => Change): Mutant {
  let text = seed.text;
  const mutations: string[] = [];
  const count = 1 + random.int(3);
  for (let i = 0; i < count; i++) {
    const name = random.weighted(weights);
    if (name === 'noise') {
      const noisy = byteNoise(text, random);
      text = noisy.text;
      mutations.push(noisy.what);
      continue;
    }
    const change = apply(name as K, text);
    if (!change) continue;
    text = applyEdits(text, change.edits);
    mutations.push(`${name}: ${change.what}`);
  }
  return { seed: seed.name, text, mutations, ...(seed.stdin !== undefined ? { stdin: seed.stdin } : {}) };
}
