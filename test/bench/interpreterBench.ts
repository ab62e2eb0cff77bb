/**
 * C interpreter benchmarks: whole programs on the simulated process, at full speed, in the
 * configuration the editor uses: every heap chunk tracked (requested sizes, shadow bits, the
 * block registry with allocation sites), memory checks on (the session's default) and the
 * step-back history kept (checkpoints on, at the session's default interval); snapshots are built
 * only when execution stops, so a full run builds none. A figure is compile + run; the C front end
 * is warmed up once first (loading tree-sitter's wasm and the headers is a once-per-process cost
 * that would otherwise be charged to whichever program runs first).
 *   node out/test/bench/interpreterBench.js
 * Targets: naive recursive fib(25) under 0.5 s; a million make()+sprintf iterations (malloc(64)
 * each, never freed) under 2 s; under 200 MB of host memory per million tracked allocations.
 * Timings are reported here, never asserted by tests.
 */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { CProgram } from '../../src/lang/c/program/cProgram';
import { Session, type SessionOptions } from '../../src/session/session';
import { CParser } from '../../src/lang/c/parser';
import { nodeModulesLocator } from '../../src/lang/c/nodeModulesLocator';
import { benchProgram } from './benchPrograms';

export interface InterpreterBenchResult {
  readonly name: string;
  readonly seconds: number;
  readonly steps: number;
  readonly stdout: string;
  /** Host JS heap growth over the run (MB), after a full GC, the session still alive. */
  readonly heapMB: number;
  /** Host memory the session retains (MB): JS heap plus ArrayBuffers (simulated frames, shadow bits, checkpoints). */
  readonly hostMB: number;
  /** Host RSS growth over the run (MB), the process's view of the same. */
  readonly rssMB: number;
  /** Checkpoints held for stepping back at the end of the run. */
  readonly checkpoints: number;
  /** malloc calls the program made (the bench's programs never free). */
  readonly allocations: number;
  /** Of `seconds`, the part spent compiling (parse, check, lower, load). */
  readonly compileSeconds: number;
}

const FIB = benchProgram('fib25.c');

const MILLION = benchProgram('forgotten_free_loop.c');

/** Uses what the measured programs use (stdio, malloc), so their compile finds it all loaded. */
const WARM_UP = '#include <stdio.h>\n#include <stdlib.h>\nint main(void) { char *p = malloc(8); sprintf(p, "%d", 1); printf("%s\\n", p); return 0; }\n';

/** A full GC between measurements, with or without node's --expose-gc. */
function collectGarbage(): void {
  let gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
  }
  gc();
}

const MB = 1048576;
const retained = () => {
  const u = process.memoryUsage();
  return { heap: u.heapUsed, host: u.heapUsed + u.arrayBuffers, rss: u.rss };
};

async function measure(parser: CParser, name: string, source: string, allocations: number): Promise<InterpreterBenchResult> {
  collectGarbage();
  const before = retained();
  const start = process.hrtime.bigint();
  const session = cSession(parser, source, 'bench.c', { maxSteps: 100_000_000 });
  const compileSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  session.run();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  collectGarbage();
  const after = retained();
  return {
    name, seconds, steps: session.steps, stdout: session.program.vm!.stdout.trim(),
    heapMB: Math.round((after.heap - before.heap) / MB),
    hostMB: Math.round((after.host - before.host) / MB),
    rssMB: Math.round((after.rss - before.rss) / MB),
    checkpoints: session.checkpointCount,
    allocations,
    compileSeconds,
  };
}

export async function runInterpreterBench(): Promise<InterpreterBenchResult[]> {
  const parser = await CParser.create(nodeModulesLocator);
  cSession(parser, WARM_UP, 'warm-up.c').run();
  return [
    await measure(parser, 'fib(25), naive recursion (target < 0.5 s)', FIB, 1),
    await measure(parser, '1,000,000 x make() + sprintf, malloc(64) each (target < 2 s, < 200 MB)', MILLION, 1_000_001),
  ];
}

if (require.main === module) {
  runInterpreterBench().then((results) => {
    for (const r of results) {
      console.log(`${r.name.padEnd(72)} ${r.seconds.toFixed(3).padStart(8)} s (compile ${r.compileSeconds.toFixed(3)} s) ${String(r.steps).padStart(10)} steps, ${r.checkpoints} checkpoints; ` +
        `host +${r.hostMB} MB (JS heap +${r.heapMB} MB), rss +${r.rssMB} MB -> ${r.stdout}`);
    }
    console.log(JSON.stringify(results));
  });
}

function cSession(parser: CParser, source: string, file: string, options: SessionOptions = {}): Session<CProgram> {
  return new Session(CProgram.create(parser, source, file, options), options);
}
