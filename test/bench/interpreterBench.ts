/**
 * C interpreter benchmarks: whole programs on the simulated process, at full speed.
 *   node out/test/bench/interpreterBench.js
 * Targets: naive recursive fib(25) under 0.5 s; a million make()+sprintf iterations (malloc(64)
 * each, never freed) under 2 s; under 200 MB of host memory per million tracked allocations.
 * Timings are reported here, never asserted by tests.
 */
import { CSession } from '../../src/engine/session/cSession';
import { CParser } from '../../src/lang/c/parser';
import { nodeModulesLocator } from '../../src/lang/c/nodeModulesLocator';
import { benchProgram } from './benchPrograms';

export interface InterpreterBenchResult {
  readonly name: string;
  readonly seconds: number;
  readonly steps: number;
  readonly stdout: string;
  /** Host JS heap growth over the run (MB), after a GC when --expose-gc is given. */
  readonly heapMB: number;
  /** Host RSS growth over the run (MB): the JS heap plus the simulated RAM's frames. */
  readonly rssMB: number;
}

const FIB = benchProgram('fib25.c');

const MILLION = benchProgram('forgotten_free_loop.c');

const gc = (globalThis as { gc?: () => void }).gc;

async function measure(parser: CParser, name: string, source: string): Promise<InterpreterBenchResult> {
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const rssBefore = process.memoryUsage().rss;
  const start = process.hrtime.bigint();
  const session = CSession.create(parser, source, 'bench.c', { noCheckpoints: true, maxSteps: 100_000_000 });
  session.run();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  gc?.();
  const heapMB = Math.round((process.memoryUsage().heapUsed - before) / 1048576);
  const rssMB = Math.round((process.memoryUsage().rss - rssBefore) / 1048576);
  const result = { name, seconds, steps: session.steps, stdout: session.vm!.stdout.trim(), heapMB, rssMB };
  // Keep the session alive until measured.
  void session.vm;
  return result;
}

export async function runInterpreterBench(): Promise<InterpreterBenchResult[]> {
  const parser = await CParser.create(nodeModulesLocator);
  return [
    await measure(parser, 'fib(25), naive recursion (target < 0.5 s)', FIB),
    await measure(parser, '1,000,000 x make() + sprintf, malloc(64) each (target < 2 s, < 200 MB)', MILLION),
  ];
}

if (require.main === module) {
  runInterpreterBench().then((results) => {
    for (const r of results) console.log(`${r.name.padEnd(72)} ${r.seconds.toFixed(3).padStart(8)} s ${String(r.steps).padStart(10)} steps heap +${r.heapMB} MB, rss +${r.rssMB} MB  -> ${r.stdout}`);
    console.log(JSON.stringify(results));
  });
}
