import { parentPort } from 'worker_threads';
import { nodeModulesLocator } from '../../src/lang/c/nodeModulesLocator';
import { CParser } from '../../src/lang/c/parser';
import { checkCMutant } from './c/cTarget';
import { checkJsMutant } from './js/jsTarget';
import { differentialC } from './differential/differentialC';
import type { Mutant } from './mutator';
import type { Outcome } from './outcome';
import type { Comparison } from './differential/comparison';

/** A job for a fuzz worker: one mutant, the variant of checks to run on it, and whether to compare with the real tools. */
export interface FuzzJob {
  readonly id: number;
  readonly language: 'c' | 'js';
  readonly mutant: Mutant;
  readonly variant: number;
  readonly differential: boolean;
}

export interface FuzzResult {
  readonly id: number;
  readonly outcome: Outcome;
  readonly comparison?: Comparison;
}

/** The first answer to a job: the outcome, and whether a comparison follows. */
export interface FuzzAnswer extends FuzzResult {
  readonly comparing: boolean;
}

/**
 * A worker thread of the fuzz campaign: it checks mutants one at a time. Running them apart from
 * the campaign lets the campaign stop a hang (terminate the worker) and see a host out-of-memory
 * (the worker's heap limit) without losing the run; the worker's stack is the size of a main
 * thread's, so stack limits are those of the extension host.
 */
async function main(): Promise<void> {
  const parser = await CParser.create(nodeModulesLocator);
  parentPort!.on('message', (job: FuzzJob) => {
    // Two answers for a differential job: Memory Atlas's own (timed as any job), then the
    // comparison with the real tools (slow: gcc twice, the native runs, Valgrind), timed apart.
    const outcome = job.language === 'js' ? checkJsMutant(job.mutant, job.variant) : checkCMutant(parser, job.mutant, job.variant);
    // The differential comparison is C's (gcc, ASan, Valgrind); JavaScript's corpus is compared with node in the unit tier.
    const compare = job.differential && job.language === 'c' && outcome.kind === 'ran';
    parentPort!.postMessage({ id: job.id, outcome, comparing: compare } satisfies FuzzAnswer);
    if (compare) parentPort!.postMessage({ id: job.id, outcome, comparison: differentialC(parser, job.mutant) } satisfies FuzzResult);
  });
  parentPort!.postMessage('ready');
}

void main();
