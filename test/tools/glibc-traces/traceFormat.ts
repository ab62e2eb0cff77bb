/**
 * The call-trace language shared by trace-runner.c (real glibc) and the simulator, and the shape
 * of their results. See trace-runner.c for the syntax; this module parses it the same way.
 */

export type TraceCall =
  | { op: 'm'; slot: number; size: number }
  | { op: 'c'; slot: number; count: number; size: number }
  | { op: 'r'; slot: number; size: number }
  | { op: 'f'; slot: number; offset: number }
  | { op: 'p' | 'a' | 'A'; slot: number; alignment: number; size: number }
  | { op: 't'; pad: number }
  | { op: 'u'; slot: number }
  | { op: 'w'; slot: number; offset: number; value: bigint }
  | { op: 'b'; slot: number; offset: number; length: number; byte: number }
  | { op: 's'; slot: number; length: number };

export type ResultKind = 'heap' | 'mmap' | 'null' | 'none';

/** One output line: what the call returned, where, how big, and the break after it. */
export interface TraceResult {
  index: number;
  kind: ResultKind;
  offset: number;
  usable: number;
  brk: number;
  ret: number;
}

export interface TraceOutcome {
  results: TraceResult[];
  /** true when the trace ran to its end. */
  completed: boolean;
  /** glibc's message when the process aborted (malloc_printerr), else null. */
  abort: string | null;
}

/** A recorded fixture: the trace and what real glibc 2.36 did with it. */
export interface TraceFixture {
  name: string;
  description: string;
  trace: string[];
  glibc: string;
  expected: TraceOutcome;
}

function parseNumber(text: string): number {
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  const value = Number(body.startsWith('0x') || body.startsWith('0X') ? parseInt(body.slice(2), 16) : parseInt(body, 10));
  if (!Number.isFinite(value)) throw new Error(`bad number '${text}'`);
  return negative ? -value : value;
}

function parseBig(text: string): bigint {
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  const value = BigInt(body);
  return negative ? -value : value;
}

/** The calls of a trace, skipping blank lines and comments. */
export function parseTrace(lines: readonly string[]): TraceCall[] {
  const calls: TraceCall[] = [];
  for (const raw of lines) {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') continue;
    const [op, ...args] = line.split(/\s+/);
    const n = args.map((a) => (op === 'w' ? 0 : parseNumber(a)));
    switch (op) {
      case 'm':
        calls.push({ op, slot: n[0], size: n[1] });
        break;
      case 'c':
        calls.push({ op, slot: n[0], count: n[1], size: n[2] });
        break;
      case 'r':
        calls.push({ op, slot: n[0], size: n[1] });
        break;
      case 'f':
        calls.push({ op, slot: n[0], offset: n[1] ?? 0 });
        break;
      case 'p':
      case 'a':
      case 'A':
        calls.push({ op, slot: n[0], alignment: n[1], size: n[2] });
        break;
      case 't':
        calls.push({ op, pad: n[0] });
        break;
      case 'u':
        calls.push({ op, slot: n[0] });
        break;
      case 'w':
        calls.push({ op, slot: parseNumber(args[0]), offset: parseNumber(args[1]), value: parseBig(args[2]) });
        break;
      case 'b':
        calls.push({ op, slot: n[0], offset: n[1], length: n[2], byte: n[3] });
        break;
      case 's':
        calls.push({ op, slot: n[0], length: n[1] });
        break;
      default:
        throw new Error(`unknown trace op '${op}' in line '${raw}'`);
    }
  }
  return calls;
}

/** Parses trace-runner's stdout (and its stderr, for the abort message). */
export function parseRunnerOutput(stdout: string, stderr: string): TraceOutcome {
  const results: TraceResult[] = [];
  let completed = false;
  for (const line of stdout.split('\n')) {
    if (line === '') continue;
    if (line === 'end') {
      completed = true;
      continue;
    }
    const [index, kind, offset, usable, brk, ret] = line.split(' ');
    results.push({
      index: Number(index),
      kind: kind as ResultKind,
      offset: Number(offset),
      usable: Number(usable),
      brk: Number(brk),
      ret: Number(ret),
    });
  }
  const message = stderr.split('\n').find((l) => l.trim() !== '');
  return { results, completed, abort: completed ? null : (message ?? 'killed') };
}
