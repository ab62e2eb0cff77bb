import { STACK_TOP, alignUp } from '../addressSpace/layout';

/**
 * The top of the main thread's stack as the kernel builds it at exec (fs/binfmt_elf.c,
 * create_elf_tables), from the highest address down:
 *   8 zero bytes, the program path (AT_EXECFN), the argv and envp strings, the platform string
 *   "x86_64", 16 random bytes (AT_RANDOM), padding to 16, then the auxiliary vector, envp[],
 *   argv[] (both NULL-terminated) and argc, where the initial rsp points.
 * `main` then runs below the frames of _start and __libc_start_main.
 */
export interface StackItem {
  readonly label: string;
  readonly start: number;
  readonly size: number;
}

export interface InitialStack {
  readonly items: readonly StackItem[];
  /** rsp at process entry (_start): points at argc. */
  readonly entryRsp: number;
  /** rsp on entry to main: below _start's and __libc_start_main's frames, at a return address. */
  readonly mainEntryRsp: number;
  readonly argvAddress: number;
  readonly envpAddress: number;
  /** Address of each argv[i] and envp[i] string. */
  readonly argvStrings: readonly number[];
  readonly envpStrings: readonly number[];
  /** Where the auxiliary vector's AT_EXECFN, AT_PLATFORM and AT_RANDOM point. */
  readonly execfnAddress: number;
  readonly platformAddress: number;
  readonly randomBytesAddress: number;
}

/** Auxiliary vector entries Linux 6.x passes to an x86-64 process, plus the AT_NULL terminator. */
export const AUXV_ENTRY_COUNT = 21;
/**
 * Bytes between the entry rsp and rsp at main's first instruction: the frames of _start,
 * __libc_start_main and __libc_start_call_main, measured with gdb on glibc 2.36.
 */
export const LIBC_START_FRAMES = 0x318;

const encoder = new TextEncoder();
const cStringSize = (s: string): number => encoder.encode(s).length + 1;

export function layoutInitialStack(path: string, argv: readonly string[], envp: readonly string[]): InitialStack {
  const items: StackItem[] = [];
  let p = STACK_TOP - 8;
  items.push({ label: 'end marker (8 zero bytes)', start: p, size: 8 });

  p -= cStringSize(path);
  const execfnAddress = p;
  items.push({ label: `program path "${path}" (AT_EXECFN)`, start: p, size: cStringSize(path) });

  const envpStrings: number[] = [];
  const argvStrings: number[] = [];
  const stringsSize = [...argv, ...envp].reduce((n, s) => n + cStringSize(s), 0);
  p -= stringsSize;
  let cursor = p;
  for (const s of argv) { argvStrings.push(cursor); cursor += cStringSize(s); }
  for (const s of envp) { envpStrings.push(cursor); cursor += cStringSize(s); }
  items.push({ label: 'argv and environment strings', start: p, size: stringsSize });

  // The kernel aligns down before placing the platform string and random bytes.
  p = Math.floor(p / 16) * 16;
  p -= cStringSize('x86_64');
  const platformAddress = p;
  items.push({ label: 'platform string "x86_64" (AT_PLATFORM)', start: p, size: cStringSize('x86_64') });
  p -= 16;
  const randomBytesAddress = p;
  items.push({ label: '16 random bytes (AT_RANDOM, seeds the stack canary)', start: p, size: 16 });

  // argc + argv[] + NULL + envp[] + NULL + auxv pairs, with rsp 16-byte aligned at the bottom.
  const vectorWords = 1 + argv.length + 1 + envp.length + 1 + AUXV_ENTRY_COUNT * 2;
  const entryRsp = Math.floor((p - vectorWords * 8) / 16) * 16;
  const auxvStart = entryRsp + 8 * (1 + argv.length + 1 + envp.length + 1);
  const envpAddress = entryRsp + 8 * (1 + argv.length + 1);
  const argvAddress = entryRsp + 8;
  items.push({ label: 'auxiliary vector (AT_PAGESZ, AT_ENTRY, AT_RANDOM, ...)', start: auxvStart, size: AUXV_ENTRY_COUNT * 16 });
  items.push({ label: `envp[] (${plural(envp.length, 'pointer')} + NULL)`, start: envpAddress, size: 8 * (envp.length + 1) });
  items.push({ label: `argv[] (${plural(argv.length, 'pointer')} + NULL)`, start: argvAddress, size: 8 * (argv.length + 1) });
  items.push({ label: 'argc', start: entryRsp, size: 8 });
  const mainEntryRsp = entryRsp - alignUp(LIBC_START_FRAMES, 8);
  items.push({ label: '_start and __libc_start_main frames', start: mainEntryRsp, size: entryRsp - mainEntryRsp });

  return {
    items: items.sort((a, b) => b.start - a.start), entryRsp, mainEntryRsp, argvAddress, envpAddress, argvStrings, envpStrings,
    execfnAddress, platformAddress, randomBytesAddress,
  };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
