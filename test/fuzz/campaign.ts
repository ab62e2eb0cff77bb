import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { Comparison } from './differential/comparison';
import type { LanguageMutator, Mutant } from './mutator';
import { type Outcome, type OutcomeKind, defectSignature, isDefect } from './outcome';
import { Random } from './random';
import type { FuzzAnswer, FuzzJob, FuzzResult } from './worker';

export interface CampaignOptions {
  readonly seed: number;
  /** Stop after this many mutants... */
  readonly count?: number;
  /** ...or after this many milliseconds, whichever comes first. */
  readonly durationMs?: number;
  /** Worker threads (the machine has two cores, shared). */
  readonly jobs?: number;
  /** A mutant taking longer than this is a hang. */
  readonly timeoutMs?: number;
  /** Compare each mutant that runs with gcc, ASan and Valgrind. */
  readonly differential?: boolean;
  /** Where defects are written (a .c file and a .json of how it was made, per distinct defect). */
  readonly saveTo?: string;
  readonly onResult?: (index: number, mutant: Mutant, result: FuzzResult) => void;
}

export interface Defect {
  readonly signature: string;
  readonly index: number;
  readonly mutant: Mutant;
  readonly outcome: Outcome;
  readonly file?: string;
}

export interface CampaignResult {
  readonly seed: number;
  readonly programs: number;
  readonly ms: number;
  readonly outcomes: Readonly<Record<OutcomeKind, number>>;
  /**
   * One per distinct defect (by signature), with how often it was hit and the first mutants that
   * hit it (a hang or a host out-of-memory has one signature whatever its cause: each index can be
   * made again with `npm run fuzz -- --seed S --show N`).
   */
  readonly defects: ReadonlyArray<Defect & { readonly hits: number; readonly indices: readonly number[] }>;
  /** Differential classes and their counts, and one example of each disagreement. */
  readonly comparisons: Readonly<Record<string, number>>;
  readonly disagreements: ReadonlyArray<{ readonly class: string; readonly index: number; readonly mutant: Mutant; readonly comparison: Comparison }>;
}

const WORKER = path.join(__dirname, 'worker.js');

/** Mutant `index` of a campaign: from its own random stream, so any one can be made again alone. */
export function makeMutant(mutator: LanguageMutator, seed: number, index: number): Mutant {
  const random = new Random((seed * 1_000_003 + index) >>> 0);
  return mutator.mutate(random.pick(mutator.seeds()), random);
}

/**
 * A fuzz campaign: mutants made from the corpus by `mutator`, checked by worker threads, each
 * within a time limit (a worker that overruns is stopped and the mutant counted as a hang) and a
 * heap limit (a worker that runs out is a host out-of-memory).
 */
export async function runCampaign(mutator: LanguageMutator, options: CampaignOptions): Promise<CampaignResult> {
  const started = Date.now();
  const deadline = options.durationMs !== undefined ? started + options.durationMs : Infinity;
  const count = options.count ?? Infinity;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const outcomes: Record<OutcomeKind, number> = { diagnostics: 0, ran: 0, crash: 0, hang: 0, 'host-oom': 0 };
  const defects = new Map<string, Defect & { hits: number; indices: number[] }>();
  const comparisons: Record<string, number> = {};
  const disagreements: Array<{ class: string; index: number; mutant: Mutant; comparison: Comparison }> = [];
  let next = 0;
  let programs = 0;

  const record = (index: number, mutant: Mutant, result: FuzzResult): void => {
    programs++;
    outcomes[result.outcome.kind]++;
    options.onResult?.(index, mutant, result);
    if (isDefect(result.outcome)) {
      const signature = defectSignature(result.outcome);
      const known = defects.get(signature);
      if (known) {
        known.hits++;
        if (known.indices.length < 20) known.indices.push(index);
      } else defects.set(signature, { signature, index, mutant, outcome: result.outcome, hits: 1, indices: [index], ...(options.saveTo ? { file: saveDefect(options.saveTo, options.seed, index, mutant, result.outcome, mutator.extension) } : {}) });
    }
    const c = result.comparison;
    if (c) {
      const key = `${c.verdict}: ${c.class}`;
      comparisons[key] = (comparisons[key] ?? 0) + 1;
      if (c.verdict === 'disagree' && disagreements.filter((d) => d.class === c.class).length < 5) {
        disagreements.push({ class: c.class, index, mutant, comparison: c });
        if (options.saveTo) saveMutant(path.join(options.saveTo, '..', 'disagreements'), `${slug(c.class)}-${index}`, mutant, mutator.extension, { seed: options.seed, index, comparison: c });
      }
    }
  };

  const lane = async (): Promise<void> => {
    let worker = await startWorker();
    try {
      while (next < count && Date.now() < deadline) {
        const index = next++;
        const mutant = makeMutant(mutator, options.seed, index);
        const job: FuzzJob = { id: index, language: mutator.language, mutant, variant: index % 4, differential: options.differential === true };
        const answer = await check(worker, job, timeoutMs);
        record(index, mutant, answer.result);
        if (answer.workerLost) worker = await startWorker();
      }
    } finally {
      await worker.terminate();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.jobs ?? 1) }, lane));
  return {
    seed: options.seed, programs, ms: Date.now() - started, outcomes,
    defects: [...defects.values()], comparisons, disagreements,
  };
}

function startWorker(): Promise<Worker> {
  // A main thread's stack (about 1 MB), so the limits met are the extension host's and the CLI's.
  const worker = new Worker(WORKER, { resourceLimits: { maxOldGenerationSizeMb: 2048, stackSizeMb: 1 } });
  return new Promise((resolve, reject) => {
    worker.once('message', () => resolve(worker));
    worker.once('error', reject);
  });
}

/** How long the real tools may take on one mutant (two gcc builds, three runs, Valgrind). */
const COMPARISON_TIMEOUT_MS = 180_000;

/**
 * Sends one job; a time-out or a dead worker is the mutant's outcome (and the worker is
 * replaced). A differential job's comparison has its own, longer time limit: the real tools are
 * slow, and their slowness is not Memory Atlas's hang.
 */
function check(worker: Worker, job: FuzzJob, timeoutMs: number): Promise<{ result: FuzzResult; workerLost: boolean }> {
  const started = Date.now();
  return new Promise((resolve) => {
    let first: FuzzResult | undefined;
    let timer = setTimeout(() => done({ id: job.id, outcome: { kind: 'hang', detail: `no answer after ${timeoutMs} ms`, ms: timeoutMs } }, true), timeoutMs);
    const done = (result: FuzzResult, workerLost: boolean) => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (workerLost) void worker.terminate();
      resolve({ result, workerLost });
    };
    const onMessage = (answer: FuzzAnswer | FuzzResult) => {
      if (first === undefined && 'comparing' in answer && answer.comparing) {
        first = answer;
        clearTimeout(timer);
        timer = setTimeout(() => done({ ...answer, comparison: { verdict: 'skipped', class: 'the real tools timed out' } }, true), COMPARISON_TIMEOUT_MS);
        return;
      }
      done(answer, false);
    };
    const lost = (outcome: Outcome): void => done(first ? { ...first, comparison: { verdict: 'skipped', class: `the worker died while comparing: ${outcome.detail}` } } : { id: job.id, outcome }, true);
    const onError = (e: Error & { code?: string }) => {
      const kind = e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'host-oom' : 'crash';
      lost({ kind, detail: `the worker died: ${e.message}`, ms: Date.now() - started });
    };
    const onExit = (code: number) => lost({ kind: 'crash', detail: `the worker exited with code ${code}`, ms: Date.now() - started });
    worker.on('message', onMessage);
    worker.once('error', onError);
    worker.once('exit', onExit);
    worker.postMessage(job);
  });
}

function saveDefect(dir: string, seed: number, index: number, mutant: Mutant, outcome: Outcome, extension: string): string {
  const name = `${outcome.kind}-${createHash('sha1').update(mutant.text).digest('hex').slice(0, 10)}`;
  return saveMutant(dir, name, mutant, extension, { seed, index, outcome });
}

/** Writes a mutant as NAME.ext and how it was made (and what it showed) as NAME.json; returns the file. */
function saveMutant(dir: string, name: string, mutant: Mutant, extension: string, facts: object): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, name + extension), mutant.text);
  fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({ ...facts, from: mutant.seed, mutations: mutant.mutations, stdin: mutant.stdin }, null, 2) + '\n');
  return path.join(dir, name + extension);
}

const slug = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
