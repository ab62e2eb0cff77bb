import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Amount {
  bytes: number;
  blocks: number;
}

/** One "N bytes in M blocks are <class> in loss record" entry, with the program frames of its allocation. */
export interface LossRecord {
  kind: 'definitely' | 'indirectly' | 'possibly' | 'still reachable';
  bytes: number;
  blocks: number;
  /** For a definitely lost record that carries indirect blocks: "32 (16 direct, 16 indirect) bytes". */
  direct?: number;
  indirect?: number;
  /** The program's frames of the allocation stack, innermost first, as "function:line". */
  stack: string[];
}

/** What `valgrind --leak-check=full --show-leak-kinds=all` says about a gcc build of a program. */
export interface ValgrindLeakResult {
  valgrind: string;
  compiler: string;
  stdout: string;
  exitCode: number | null;
  inUseAtExit: Amount;
  totalHeapUsage: { allocs: number; frees: number; bytes: number };
  summary: { definitelyLost: Amount; indirectlyLost: Amount; possiblyLost: Amount; stillReachable: Amount };
  reachableViaHeuristic: Record<string, Amount>;
  records: LossRecord[];
}

const num = (s: string) => Number(s.replace(/,/g, ''));

function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

export const valgrindAvailable = (): boolean => has('gcc') && has('valgrind');

/** Compiles with gcc -g -O0 and runs under Memcheck (stdout to a pipe, as the tests run it); undefined without the tools. */
export function runValgrind(cFile: string): ValgrindLeakResult | undefined {
  if (!valgrindAvailable()) return undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memory-atlas-vg-'));
  try {
    const exe = path.join(dir, 'prog');
    const cc = spawnSync('gcc', ['-g', '-O0', '-w', '-o', exe, cFile], { encoding: 'utf8' });
    if (cc.status !== 0) throw new Error(`gcc failed on ${cFile}:\n${cc.stderr}`);
    const log = path.join(dir, 'valgrind.log');
    const run = spawnSync('valgrind', ['--leak-check=full', '--show-leak-kinds=all', `--log-file=${log}`, exe], { encoding: 'utf8', timeout: 120_000 });
    const parsed = parseValgrindLog(fs.readFileSync(log, 'utf8'), path.basename(cFile));
    return {
      valgrind: spawnSync('valgrind', ['--version'], { encoding: 'utf8' }).stdout.trim(),
      compiler: spawnSync('gcc', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0].trim(),
      stdout: run.stdout,
      exitCode: run.status,
      ...parsed,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The HEAP SUMMARY, loss records and LEAK SUMMARY of a Memcheck log. */
export function parseValgrindLog(log: string, sourceName: string): Omit<ValgrindLeakResult, 'valgrind' | 'compiler' | 'stdout' | 'exitCode'> {
  const lines = log.split('\n').map((l) => l.replace(/^==\d+== ?/, ''));
  const zero = (): Amount => ({ bytes: 0, blocks: 0 });
  const result: Omit<ValgrindLeakResult, 'valgrind' | 'compiler' | 'stdout' | 'exitCode'> = {
    inUseAtExit: zero(),
    totalHeapUsage: { allocs: 0, frees: 0, bytes: 0 },
    summary: { definitelyLost: zero(), indirectlyLost: zero(), possiblyLost: zero(), stillReachable: zero() },
    reachableViaHeuristic: {},
    records: [],
  };
  const amount = (m: RegExpMatchArray): Amount => ({ bytes: num(m[1]), blocks: num(m[2]) });
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    let m: RegExpMatchArray | null;
    if ((m = line.match(/^in use at exit: ([\d,]+) bytes in ([\d,]+) blocks/))) result.inUseAtExit = amount(m);
    else if ((m = line.match(/^total heap usage: ([\d,]+) allocs, ([\d,]+) frees, ([\d,]+) bytes allocated/))) {
      result.totalHeapUsage = { allocs: num(m[1]), frees: num(m[2]), bytes: num(m[3]) };
    } else if ((m = line.match(/^definitely lost: ([\d,]+) bytes in ([\d,]+) blocks/))) result.summary.definitelyLost = amount(m);
    else if ((m = line.match(/^indirectly lost: ([\d,]+) bytes in ([\d,]+) blocks/))) result.summary.indirectlyLost = amount(m);
    else if ((m = line.match(/^possibly lost: ([\d,]+) bytes in ([\d,]+) blocks/))) result.summary.possiblyLost = amount(m);
    else if ((m = line.match(/^still reachable: ([\d,]+) bytes in ([\d,]+) blocks/))) result.summary.stillReachable = amount(m);
    else if ((m = line.match(/^(\w+)\s*: ([\d,]+) bytes in ([\d,]+) blocks$/))) result.reachableViaHeuristic[m[1]] = { bytes: num(m[2]), blocks: num(m[3]) };
    else if ((m = line.match(/^([\d,]+)(?: \(([\d,]+) direct, ([\d,]+) indirect\))? bytes in ([\d,]+) blocks are (definitely|indirectly|possibly) lost|^([\d,]+) bytes in ([\d,]+) blocks are (still reachable)/))) {
      const reachable = m[8] !== undefined;
      const record: LossRecord = reachable
        ? { kind: 'still reachable', bytes: num(m[6]), blocks: num(m[7]), stack: [] }
        : { kind: m[5] as LossRecord['kind'], bytes: num(m[1]), blocks: num(m[4]), stack: [], ...(m[2] ? { direct: num(m[2]), indirect: num(m[3]) } : {}) };
      for (let j = i + 1; j < lines.length && /^(at|by) 0x/.test(lines[j].trim()); j++) {
        const frame = lines[j].match(/: (\w+) \(([^:()]+):(\d+)\)$/);
        if (frame && frame[2] === sourceName) record.stack.push(`${frame[1]}:${frame[3]}`);
      }
      result.records.push(record);
    }
  }
  return result;
}
