import { COLLECTOR_MODES, type CollectorMode } from '../shared/gcReport';
import { ALLOCATOR_NAMES, type AllocatorName, allocatorNameProblem, parseAllocatorList } from '../shared/allocators';

/** Command-line arguments of `memory-atlas`, parsed without a library (the grammar is tiny). */
export interface CliArguments {
  readonly command?: string;
  readonly files: readonly string[];
  readonly json: boolean;
  readonly help: boolean;
  readonly version: boolean;
  readonly unknownOptions: readonly string[];
  /** `run --stdin TEXT`: what the program reads on stdin. */
  readonly stdin?: string;
  /** `run --stdin-file FILE`: a file whose contents the program reads on stdin. */
  readonly stdinFile?: string;
  /** `run --max-steps N`: the step limit. */
  readonly maxSteps?: number;
  /** `run --ram SIZE` and `--swap SIZE`: the simulated machine's RAM and swap, in bytes. */
  readonly ramBytes?: number;
  readonly swapBytes?: number;
  /** `run --keep-going`: continue after a memory error instead of stopping at the first. */
  readonly keepGoing: boolean;
  /** `run --allocator NAME`: the C library's allocator for the run. */
  readonly allocator?: AllocatorName;
  /** `compare --allocators a,b,c`: the allocators to compare. */
  readonly allocators?: readonly AllocatorName[];
  /** `run --json --all-blocks`: every block of each loss record, not only the first ones. */
  readonly allBlocks: boolean;
  /** `run FILE.js --gc MODE`: how the JavaScript heap is collected. */
  readonly gc?: CollectorMode;
  /** Options given without their value, or with a malformed one. */
  readonly badValues: readonly string[];
}

export function parseArguments(argv: readonly string[]): CliArguments {
  const files: string[] = [];
  const unknownOptions: string[] = [];
  let command: string | undefined;
  let json = false;
  let help = false;
  let version = false;
  let stdin: string | undefined;
  let stdinFile: string | undefined;
  let maxSteps: number | undefined;
  let keepGoing = false;
  let allocator: AllocatorName | undefined;
  let allocators: AllocatorName[] | undefined;
  let ramBytes: number | undefined;
  let swapBytes: number | undefined;
  let allBlocks = false;
  let gc: CollectorMode | undefined;
  const badValues: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--ram' || arg === '--swap') {
      const value = argv[++i];
      const bytes = value === undefined ? undefined : parseSize(value);
      if (bytes === undefined) badValues.push(`${arg} needs a size such as 64M or 1G${value === undefined ? '' : `, got '${value}'`}`);
      else if (arg === '--ram' && bytes < 1 << 20) badValues.push(`--ram needs at least 1M, got '${value}'`);
      else if (arg === '--ram') ramBytes = bytes;
      else swapBytes = bytes;
    } else if (arg === '--stdin' || arg === '--stdin-file' || arg === '--max-steps') {
      const value = argv[++i];
      if (value === undefined) badValues.push(`${arg} needs a value`);
      else if (arg === '--stdin') stdin = value;
      else if (arg === '--stdin-file') stdinFile = value;
      else if (/^[1-9]\d*$/.test(value)) maxSteps = Number(value);
      else badValues.push(`--max-steps needs a positive whole number, got '${value}'`);
    } else if (arg === '--allocator' || arg === '--allocators') {
      const value = argv[++i];
      if (value === undefined) badValues.push(`${arg} needs a value (${arg === '--allocator' ? 'one' : 'a comma-separated list'} of: ${ALLOCATOR_NAMES.join(', ')})`);
      else if (arg === '--allocator') {
        const problem = allocatorNameProblem(value);
        if (problem) badValues.push(`--allocator: ${problem}`);
        else allocator = value as AllocatorName;
      } else {
        const list = parseAllocatorList(value);
        if ('problem' in list) badValues.push(`--allocators: ${list.problem}`);
        else allocators = list.names;
      }
    } else if (arg === '--gc') {
      const value = argv[++i];
      if (value === undefined || !(COLLECTOR_MODES as readonly string[]).includes(value)) badValues.push(`--gc needs one of ${COLLECTOR_MODES.join(', ')}${value === undefined ? '' : `, got '${value}'`}`);
      else gc = value as CollectorMode;
    } else if (arg === '--json') json = true;
    else if (arg === '--keep-going') keepGoing = true;
    else if (arg === '--all-blocks') allBlocks = true;
    else if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--version' || arg === '-v') version = true;
    else if (arg.startsWith('-')) unknownOptions.push(arg);
    else if (!command) command = arg;
    else files.push(arg);
  }
  if (stdin !== undefined && stdinFile !== undefined) badValues.push('--stdin and --stdin-file cannot both be given');
  return { command, files, json, help, version, unknownOptions, stdin, stdinFile, maxSteps, ramBytes, swapBytes, keepGoing, allBlocks, allocator, allocators, gc, badValues };
}

/** `64M`, `1G`, `512K` or a number of bytes, rounded down to whole 4 KiB pages; RAM needs at least 1 MiB. */
function parseSize(text: string): number | undefined {
  const m = /^(\d+)([KMG]?)i?B?$/i.exec(text);
  if (!m) return undefined;
  const bytes = Number(m[1]) * { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[m[2].toUpperCase() as '' | 'K' | 'M' | 'G'];
  const pages = Math.floor(bytes / 4096) * 4096;
  return Number.isSafeInteger(pages) && pages <= 1024 ** 4 ? pages : undefined;
}

export const USAGE = `Usage: memory-atlas <command> [options] FILE

Commands:
  maps FILE.c     Print the process image of the program at main's entry, like
                  /proc/self/maps, followed by its symbol table (every global,
                  static, string literal and function with its address and size).
  run FILE.c      Run the program on the simulated process: its output, then a
                  short report (memory errors as ASan and Memcheck find them,
                  page faults, memory). The exit status is
                  the program's (128 + the signal's number if one killed it).
  run FILE.js     Run a JavaScript file as node would (its output, the exit
                  status node gives), then a short report (page faults, memory).
  compare FILE.c  Run the program under several allocators (--allocators) and
                  print a table: bytes requested vs from the kernel, internal
                  and external fragmentation, largest free block, brk/mmap
                  calls, page faults, failed requests; then the program's output
                  once, flagging any allocator under which it differs.
  check FILE...   Run annotated snippets (.c or .js) and check what their '@atlas expect-...'
                  lines promise (output, exit, leak totals, errors at lines,
                  page faults, memory growth), and that every narration and
                  question is reached. Exit status 1 when anything does not hold.

Options:
  --json          Print one JSON document instead of text.
  --stdin TEXT    (run, compare) The text the program reads on stdin.
  --stdin-file F  (run, compare) The program reads the contents of file F on stdin.
  --max-steps N   (run, compare) Stop a program after N statements (default 10000000).
  --ram SIZE      (run, compare) Simulated RAM, e.g. 64M (default 256M); pages beyond
                  it go to swap.
  --swap SIZE     (run, compare) Simulated swap (default 512M). malloc returns NULL
                  when the heap would commit more than RAM + swap.
  --allocator A   (run) The C allocator: ${ALLOCATOR_NAMES.join(', ')}
                  (default glibc, or the file's '@atlas allocator:' annotation).
  --allocators L  (compare) Allocators to compare, comma-separated, e.g.
                  glibc,first-fit,buddy (default: all of them).
  --keep-going    (run, compare) After a memory error (use after free, overflow,
                  double free, uninitialized read...), go on as the program would
                  without checks instead of stopping at the first one.
  --gc MODE       (run FILE.js) The managed heap's collector: generational,
                  refcount or refcount+cycles (default generational).
  --all-blocks    (run --json) List every unfreed block of each loss record
                  (by default the first 10 of each; the records are complete).
  -h, --help      Show this help.
  -v, --version   Show the version.

The program is never run natively, and no file is read but FILE and F.

Exit status: 0 on success, 1 when the program has errors (they are printed like
gcc's: file:line:column: error: message), 2 on a usage error or unreadable file,
70 when Memory Atlas itself failed (an internal error: please report it).`;
