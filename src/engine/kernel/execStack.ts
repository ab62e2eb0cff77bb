import type { AddressSpace } from '../addressSpace/addressSpace';
import { PAGE_SIZE, PIE_BASE } from '../addressSpace/layout';
import type { InitialStack } from '../image/initialStack';
import type { Mmu } from '../memory/mmu';

/** Auxiliary vector tags (include/uapi/linux/auxvec.h and asm/auxvec.h). */
export const AT = {
  NULL: 0, PHDR: 3, PHENT: 4, PHNUM: 5, PAGESZ: 6, BASE: 7, FLAGS: 8, ENTRY: 9, UID: 11, EUID: 12,
  GID: 13, EGID: 14, PLATFORM: 15, HWCAP: 16, CLKTCK: 17, SECURE: 23, RANDOM: 25, HWCAP2: 26,
  EXECFN: 31, SYSINFO_EHDR: 33, MINSIGSTKSZ: 51,
} as const;

export interface AuxvEntry {
  readonly tag: number;
  readonly name: keyof typeof AT;
  readonly value: number;
}

export interface ExecArguments {
  readonly path: string;
  readonly argv: readonly string[];
  readonly envp: readonly string[];
  /** Library functions the program imports (they decide where _start lands, for AT_ENTRY). */
  /** AT_ENTRY: where _start is. */
  readonly entryAddress: number;
}

const encoder = new TextEncoder();
const cString = (s: string): Uint8Array => {
  const bytes = encoder.encode(s);
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  return out;
};

/**
 * What exec leaves at the top of the stack (create_elf_tables in fs/binfmt_elf.c), written into
 * stack memory at the addresses layoutInitialStack computed: the strings, the 16 AT_RANDOM bytes,
 * then argc, argv[] and envp[] (NULL-terminated pointer arrays) and the auxiliary vector in the
 * kernel's order. Returns the auxiliary vector written.
 */
export function writeExecStack(mmu: Mmu, space: AddressSpace, stack: InitialStack, args: ExecArguments): AuxvEntry[] {
  const write = (address: number, bytes: Uint8Array): void => mmu.kernelWrite(address, bytes);
  const execfn = stack.execfnAddress;
  const platform = stack.platformAddress;
  const random = stack.randomBytesAddress;
  write(execfn, cString(args.path));
  args.argv.forEach((s, i) => write(stack.argvStrings[i], cString(s)));
  args.envp.forEach((s, i) => write(stack.envpStrings[i], cString(s)));
  write(platform, cString('x86_64'));
  write(random, deterministicRandomBytes());

  const auxv = auxiliaryVector(space, args, execfn, platform, random);
  const words = [
    args.argv.length,
    ...stack.argvStrings, 0,
    ...stack.envpStrings, 0,
    ...auxv.flatMap((e) => [e.tag, e.value]),
  ];
  const vector = new Uint8Array(words.length * 8);
  const view = new DataView(vector.buffer);
  words.forEach((w, i) => view.setBigUint64(i * 8, BigInt(w), true));
  write(stack.entryRsp, vector);
  return auxv;
}

function auxiliaryVector(space: AddressSpace, args: ExecArguments, execfn: number, platform: number, random: number): AuxvEntry[] {
  const areas = space.list();
  const vdso = areas.find((a) => a.label === '[vdso]')?.start ?? 0;
  const interpreter = areas.find((a) => a.file?.path.includes('/ld-linux') && a.file.offset === 0)?.start ?? 0;
  const entries: [keyof typeof AT, number][] = [
    ['SYSINFO_EHDR', vdso],
    // Signal frame size the CPU's xsave area needs; this is the value of an AVX2 machine.
    ['MINSIGSTKSZ', 0x6f0],
    ['HWCAP', 0x178bfbff],
    ['PAGESZ', PAGE_SIZE],
    ['CLKTCK', 100],
    // Program headers follow the 64-byte ELF header; a gcc 12 PIE has 13 of 56 bytes each.
    ['PHDR', PIE_BASE + 64],
    ['PHENT', 56],
    ['PHNUM', 13],
    ['BASE', interpreter],
    ['FLAGS', 0],
    ['ENTRY', args.entryAddress],
    ['UID', 1000],
    ['EUID', 1000],
    ['GID', 1000],
    ['EGID', 1000],
    ['SECURE', 0],
    ['RANDOM', random],
    ['HWCAP2', 2],
    ['EXECFN', execfn],
    ['PLATFORM', platform],
    ['NULL', 0],
  ];
  return entries.map(([name, value]) => ({ tag: AT[name], name, value }));
}

/** AT_RANDOM's 16 bytes: fixed, so that every run (and the stack canary) is reproducible. */
function deterministicRandomBytes(): Uint8Array {
  const bytes = new Uint8Array(16);
  let x = 0x2545f491;
  for (let i = 0; i < 16; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}
