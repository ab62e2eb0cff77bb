import type { DebugProtocol } from '@vscode/debugprotocol';
import type { SessionOptions } from '../session/session';
import { type AllocatorName, allocatorNameProblem } from '../shared/allocators';

/**
 * The launch configuration of a `memory-atlas` debug session (package.json declares the same
 * properties for launch.json's IntelliSense).
 */
export interface LaunchArguments extends DebugProtocol.LaunchRequestArguments {
  /** The C (or JavaScript) file to run. */
  readonly program: string;
  /** argv[1...] for main. */
  readonly args?: readonly string[];
  /** Text the program reads from stdin. */
  readonly stdin?: string;
  /** A file whose contents the program reads from stdin (instead of `stdin`). */
  readonly stdinFile?: string;
  /** Stop at main's first statement (default true). */
  readonly stopOnEntry?: boolean;
  /** ASan's and Memcheck's checks (default true). */
  readonly memoryChecks?: boolean;
  /** After a memory error, go on as the unchecked program would (default false). */
  readonly keepGoing?: boolean;
  /** Simulated RAM and swap, in MiB (default 256 and 512). */
  readonly ramMiB?: number;
  readonly swapMiB?: number;
  /** The C allocator (glibc, first-fit, buddy, ...); it wins over the file's `@atlas allocator:` annotation. */
  readonly allocator?: string;
  /** The allocator when neither `allocator` nor an annotation names one (the memoryAtlas.machine.allocator setting). */
  readonly defaultAllocator?: string;
  /** Statements a single continue may run before it stops (default 10 million). */
  readonly stepLimit?: number;
  /** The file's text when the editor has it (unsaved edits, virtual and untitled files); read from `program` otherwise. */
  readonly sourceText?: string;
  /** The program's language when its name does not say (an untitled buffer): 'c' or 'js'. */
  readonly language?: 'c' | 'js';
}

/** What a launch configuration asks of the session, or what is wrong with it. */
export function sessionOptionsOf(args: LaunchArguments, readFile: (path: string) => string): SessionOptions | { readonly error: string } {
  const positive = (v: unknown, name: string): string | undefined =>
    v === undefined || (typeof v === 'number' && Number.isFinite(v) && v > 0) ? undefined : `'${name}' must be a positive number`;
  const problem = positive(args.ramMiB, 'ramMiB') ?? positive(args.swapMiB, 'swapMiB') ?? positive(args.stepLimit, 'stepLimit');
  if (problem) return { error: problem };
  for (const key of ['allocator', 'defaultAllocator'] as const) {
    const value = args[key];
    if (value !== undefined && (typeof value !== 'string' || allocatorNameProblem(value))) return { error: `'${key}': ${typeof value === 'string' ? allocatorNameProblem(value) : 'must be an allocator name'}` };
  }
  if (args.args !== undefined && (!Array.isArray(args.args) || args.args.some((a) => typeof a !== 'string'))) return { error: "'args' must be a list of strings" };
  let stdin = args.stdin;
  if (args.stdinFile) {
    try {
      stdin = readFile(args.stdinFile);
    } catch (e) {
      return { error: `cannot read the stdin file ${args.stdinFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
    }
  }
  const name = args.program.split(/[\\/]/).pop() ?? args.program;
  return {
    ...(stdin !== undefined ? { stdin } : {}),
    argv: [`./${name.replace(/\.(c|js)$/i, '')}`, ...(args.args ?? [])],
    memoryChecks: args.memoryChecks ?? true,
    keepGoing: args.keepGoing ?? false,
    ...(args.ramMiB ? { ramBytes: Math.round(args.ramMiB * 1024 * 1024) } : {}),
    ...(args.swapMiB ? { swapBytes: Math.round(args.swapMiB * 1024 * 1024) } : {}),
    ...(args.stepLimit ? { maxSteps: Math.round(args.stepLimit) } : {}),
    ...(args.allocator ? { allocator: args.allocator as AllocatorName } : {}),
    ...(args.defaultAllocator ? { defaultAllocator: args.defaultAllocator as AllocatorName } : {}),
    stdoutIsTerminal: true,
  };
}
