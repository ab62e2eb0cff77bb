import * as path from 'path';
import { nodeModulesLocator } from '../../src/lang/c/nodeModulesLocator';
import { CParser } from '../../src/lang/c/parser';
import { CMutator, ROOT } from './c/cMutator';
import { JsMutator } from './js/jsMutator';
import { type CampaignResult, makeMutant, runCampaign } from './campaign';
import { TOOLS } from './differential/nativeTools';

/**
 * `npm run fuzz`: a fuzz campaign over the C or the JavaScript corpus from the command line.
 *   --language c|js   which corpus and mutator (default c)
 *   --seed N          the campaign's seed (default: the time; printed so a run can be repeated)
 *   --count N         mutants to make (default: no limit)
 *   --minutes M       run for M minutes (default 2 when no --count)
 *   --jobs N          worker threads (default 1; the machine is shared)
 *   --differential    also compare each mutant that runs with gcc, ASan and Valgrind
 *   --show N          print mutant N of the seed and what it does, and stop
 * Defects are written to out/fuzz/defects/ (a .c or .js and a .json each); the exit status is 1 if any.
 */
async function main(argv: string[]): Promise<number> {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const seed = Number(value('--seed') ?? Date.now() % 1_000_000);
  const count = value('--count') !== undefined ? Number(value('--count')) : undefined;
  const minutes = Number(value('--minutes') ?? (count === undefined ? 2 : Infinity));
  const jobs = Number(value('--jobs') ?? 1);
  const differential = argv.includes('--differential');
  const parser = await CParser.create(nodeModulesLocator);
  const language = value('--language') ?? 'c';
  if (language !== 'c' && language !== 'js') throw new Error(`--language ${language}: c or js`);
  const mutator = language === 'js' ? new JsMutator() : new CMutator(parser);
  if (value('--show') !== undefined) {
    const mutant = makeMutant(mutator, seed, Number(value('--show')));
    console.log(`// from ${mutant.seed}\n${mutant.mutations.map((m) => `// ${m}`).join('\n')}\n${mutant.text}`);
    return 0;
  }
  if (differential && !TOOLS.gcc) console.log('gcc is not installed: --differential compares nothing');
  console.log(`fuzz (${language}): seed ${seed}, ${mutator.seeds().length} corpus programs, ${count ?? 'unlimited'} mutants, ${Number.isFinite(minutes) ? `${minutes} min` : 'no time limit'}, ${jobs} worker(s)${differential ? `, differential (gcc${TOOLS.valgrind ? ', ASan, Valgrind' : ', ASan'})` : ''}`);
  let last = Date.now();
  const result = await runCampaign(mutator, {
    seed, count, durationMs: Number.isFinite(minutes) ? minutes * 60_000 : undefined, jobs, differential,
    saveTo: path.join(ROOT, 'out', 'fuzz', 'defects'),
    onResult: (index, _mutant, r) => {
      if (Date.now() - last > 15_000) {
        last = Date.now();
        console.log(`  ... ${index + 1} mutants (last: ${r.outcome.kind}${r.comparison ? `, ${r.comparison.verdict}: ${r.comparison.class}` : ''})`);
      }
    },
  });
  printSummary(result);
  return result.defects.length > 0 ? 1 : 0;
}

export function printSummary(r: CampaignResult): void {
  const o = r.outcomes;
  console.log(`\nfuzz: ${r.programs} programs in ${(r.ms / 1000).toFixed(0)} s (seed ${r.seed}): ${o.ran} ran, ${o.diagnostics} diagnostics, ${o.crash} crashes, ${o.hang} hangs, ${o['host-oom']} host out-of-memory`);
  for (const d of r.defects) {
    console.log(`  DEFECT x${d.hits} ${d.signature}\n    mutant ${d.index} of ${d.mutant.seed}: ${d.mutant.mutations.join('; ')}${d.file ? `\n    saved as ${d.file}` : ''}${d.hits > 1 ? `\n    also mutants ${d.indices.slice(1).join(', ')}${d.hits > d.indices.length ? ', ...' : ''} (--show N)` : ''}`);
  }
  const classes = Object.entries(r.comparisons).sort((a, b) => b[1] - a[1]);
  if (classes.length) {
    console.log('differential (gcc / ASan / Memcheck):');
    for (const [k, n] of classes) console.log(`  ${String(n).padStart(5)}  ${k}`);
    for (const d of r.disagreements) console.log(`  e.g. mutant ${d.index} (${d.mutant.seed}; ${d.mutant.mutations.join('; ')}): ${d.comparison.detail}`);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  }, (e: unknown) => {
    console.error(e);
    process.exitCode = 2;
  });
}
