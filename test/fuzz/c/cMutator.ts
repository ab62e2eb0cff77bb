import * as fs from 'fs';
import * as path from 'path';
import type { CParser } from '../../../src/lang/c/parser';
import { type LanguageMutator, type Mutant, type Seed, mutateSeed } from '../mutator';
import type { Random } from '../random';
import { C_MUTATIONS, C_MUTATION_WEIGHTS, type CMutationName } from './cMutations';
import { cSyntaxNodes } from './cSyntaxNodes';

/** The repository's root, from the compiled location (out/test/fuzz/c) or the sources. */
export const ROOT = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
})();

/** The C corpora: teaching programs, memory-error and leak programs, bad input, the bundled examples. */
const CORPORA = ['test/fixtures/c-programs', 'test/fixtures/c-errors', 'test/fixtures/c-leaks', 'test/fixtures/bad-input', 'media/examples'];

export function cSeeds(): Seed[] {
  const seeds: Seed[] = [];
  for (const dir of CORPORA) {
    const full = path.join(ROOT, dir);
    if (!fs.existsSync(full)) continue;
    for (const file of fs.readdirSync(full).filter((f) => f.endsWith('.c')).sort()) {
      const stdinFile = path.join(full, file.replace(/\.c$/, '.stdin'));
      seeds.push({
        name: `${dir}/${file}`,
        text: fs.readFileSync(path.join(full, file), 'utf8'),
        ...(fs.existsSync(stdinFile) ? { stdin: fs.readFileSync(stdinFile, 'utf8') } : {}),
      });
    }
  }
  return seeds;
}

/** Grammar-aware mutation of C with tree-sitter-c: one to three mutations a mutant, re-parsed after each. */
export class CMutator implements LanguageMutator {
  readonly language = 'c';
  readonly extension = '.c';
  private corpus: Seed[] | undefined;

  constructor(private readonly parser: CParser) {}

  seeds(): readonly Seed[] {
    this.corpus ??= cSeeds();
    return this.corpus;
  }

  mutate(seed: Seed, random: Random): Mutant {
    return mutateSeed<CMutationName>(seed, random, C_MUTATION_WEIGHTS, (name, text) => C_MUTATIONS[name](cSyntaxNodes(this.parser, text), random, text));
  }
}
