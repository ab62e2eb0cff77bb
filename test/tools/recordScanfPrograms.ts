/**
 * Records what gcc 12 + glibc 2.36 print for the interpreter's scanf test programs
 * (test/unit/lang/c/interpreter/scanfPrograms.ts) into test/fixtures/libc/scanf-programs.json.
 *   npx tsc -p tsconfig.json && node out/test/tools/recordScanfPrograms.js
 */
import * as fs from 'fs';
import * as path from 'path';
import { SCANF_PROGRAMS, scanfProgramSource } from '../unit/lang/c/interpreter/scanfPrograms';
import { gccInstalled, type NativeRun, runNatively } from './nativeRun';

export const SCANF_PROGRAMS_FIXTURE = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'libc', 'scanf-programs.json');

export interface RecordedScanfPrograms {
  readonly compiler: string;
  readonly runs: Readonly<Record<string, NativeRun>>;
}

if (require.main === module) {
  if (!gccInstalled()) throw new Error('gcc is not installed: nothing to record');
  const runs: Record<string, NativeRun> = {};
  for (const p of SCANF_PROGRAMS) runs[p.name] = runNatively(scanfProgramSource(p), p.stdin);
  const compiler = require('child_process').execFileSync('gcc', ['--version'], { encoding: 'utf8' }).split('\n')[0] as string;
  fs.writeFileSync(SCANF_PROGRAMS_FIXTURE, JSON.stringify({ compiler, runs } satisfies RecordedScanfPrograms, null, 2) + '\n');
  console.log(`recorded ${SCANF_PROGRAMS.length} programs into ${SCANF_PROGRAMS_FIXTURE}`);
}
