/**
 * Where a CLI run's start-up goes, phase by phase, in one process as `memory-atlas run` does it
 * on a tiny program (CPU time of each phase, the first time, as a CLI process meets it): the
 * parser's wasm, the front end (preprocess, parse, check; library prototypes on first use), the
 * image and loader (process, lowering), the run, the report. bench.js prints it beside the whole
 * processes (node alone, `memory-atlas --version`, `memory-atlas run` of the same program).
 *   node out/test/bench/startupBench.js
 */
import { CParser } from '../../src/lang/c/parser';
import { nodeModulesLocator } from '../../src/lang/c/nodeModulesLocator';
import { compileProgram } from '../../src/lang/c/interpreter/compileProgram';
import { CProgram } from '../../src/lang/c/program/cProgram';
import { Session } from '../../src/session/session';
import { reportOf } from '../../src/cli/runCommand';

export const TINY = '#include <stdio.h>\n#include <stdlib.h>\nint main(void) {\n  char *p = malloc(16);\n  printf("%p\\n", (void *)p);\n  free(p);\n  return 0;\n}\n';

const cpuMs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

async function main(): Promise<void> {
  let t = process.cpuUsage();
  const parser = await CParser.create(nodeModulesLocator);
  const wasmMs = cpuMs(t);
  t = process.cpuUsage();
  const compiled = compileProgram(parser, TINY, 'tiny.c');
  const frontEndMs = cpuMs(t);
  if (!compiled.checked) throw new Error('the start-up program does not compile');
  t = process.cpuUsage();
  // CProgram.create compiles again (the library's prototypes are cached now): the difference is the image and loader.
  const program = CProgram.create(parser, TINY, 'tiny.c', {});
  const session = new Session(program, { noCheckpoints: true });
  const createMs = cpuMs(t);
  t = process.cpuUsage();
  compileProgram(parser, TINY, 'tiny.c');
  const frontEndWarmMs = cpuMs(t);
  t = process.cpuUsage();
  session.run();
  const runMs = cpuMs(t);
  t = process.cpuUsage();
  reportOf(session, 'tiny.c');
  const reportMs = cpuMs(t);
  console.log(JSON.stringify({ wasmMs, frontEndMs, imageMs: Math.max(0, createMs - frontEndWarmMs), runMs, reportMs }));
}

if (require.main === module) void main();
