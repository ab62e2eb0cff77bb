import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../c/cMutator';
import { type LanguageMutator, type Mutant, type Seed, mutateSeed } from '../mutator';
import type { Random } from '../random';
import { JS_MUTATIONS, JS_MUTATION_WEIGHTS, type JsMutationName } from './jsMutations';
import { jsSyntaxNodes } from './jsSyntaxNodes';

/** The JS corpora: the programs compared with node, the JavaScript bad inputs, the bundled examples. */
const CORPORA = ['test/fixtures/js-programs', 'test/fixtures/bad-input', 'media/examples'];

export function jsSeeds(): Seed[] {
  const seeds: Seed[] = [];
  for (const dir of CORPORA) {
    const full = path.join(ROOT, dir);
    if (!fs.existsSync(full)) continue;
    for (const file of fs.readdirSync(full).filter((f) => f.endsWith('.js')).sort()) seeds.push({ name: `${dir}/${file}`, text: fs.readFileSync(path.join(full, file), 'utf8') });
  }
  return seeds;
}

/** Grammar-aware mutation of JavaScript over acorn's tree: one to three mutations a mutant, re-parsed after each. */
export class JsMutator implements LanguageMutator {
  readonly language = 'js';
  readonly extension = '.js';
  private corpus: Seed[] | undefined;

  seeds(): readonly Seed[] {
    this.corpus ??= jsSeeds();
    return this.corpus;
  }

  mutate(seed: Seed, random: Random): Mutant {
    return mutateSeed<JsMutationName>(seed, random, JS_MUTATION_WEIGHTS, (name, text) => JS_MUTATIONS[name](jsSyntaxNodes(text), random, text));
  }
}
