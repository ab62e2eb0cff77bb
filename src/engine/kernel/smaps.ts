import type { Vma } from '../addressSpace/vma';
import type { Paging } from '../memory/paging';
import { type Residency, residencyOf } from '../memory/residency';

/** The fields of /proc/PID/smaps_rollup, in kB as the kernel prints them. */
export interface SmapsRollup {
  readonly rss: number;
  readonly pss: number;
  readonly pssDirty: number;
  readonly pssAnon: number;
  readonly pssFile: number;
  readonly pssShmem: number;
  readonly sharedClean: number;
  readonly sharedDirty: number;
  readonly privateClean: number;
  readonly privateDirty: number;
  readonly referenced: number;
  readonly anonymous: number;
  readonly swap: number;
  readonly swapPss: number;
}

const kB = (pages: number): number => pages * 4;

export function smapsRollup(paging: Paging, vmas: readonly Vma[]): SmapsRollup {
  const parts = vmas.map((vma) => residencyOf(paging, vma.start, vma.end));
  const sum = (pick: (r: Residency) => number): number => parts.reduce((n, r) => n + pick(r), 0);
  // The kernel accumulates Pss in bytes << 12 and prints it in kB, rounding down.
  const pssKb = (pick: (r: Residency) => number): number => Math.floor(sum(pick) / 1024);
  return {
    rss: kB(sum((r) => r.residentPages)),
    pss: pssKb((r) => r.pssBytes),
    pssDirty: pssKb((r) => r.pssDirtyBytes),
    pssAnon: pssKb((r) => r.pssAnonBytes),
    pssFile: pssKb((r) => r.pssFileBytes),
    pssShmem: pssKb((r) => r.pssShmemBytes),
    sharedClean: kB(sum((r) => r.sharedCleanPages)),
    sharedDirty: kB(sum((r) => r.sharedDirtyPages)),
    privateClean: kB(sum((r) => r.privateCleanPages)),
    privateDirty: kB(sum((r) => r.privateDirtyPages)),
    referenced: kB(sum((r) => r.accessedPages)),
    anonymous: kB(sum((r) => r.anonymousPages)),
    swap: kB(sum((r) => r.swappedPages)),
    swapPss: kB(sum((r) => r.swappedPages)),
  };
}

/** The text of /proc/self/smaps_rollup: a header spanning all mappings, then the fields. */
export function formatSmapsRollup(rollup: SmapsRollup, vmas: readonly Vma[]): string {
  const first = vmas[0]?.start ?? 0;
  const last = vmas[vmas.length - 1]?.end ?? 0;
  const head = `${first.toString(16).padStart(8, '0')}-${last.toString(16).padStart(8, '0')} ---p 00000000 00:00 0`;
  const rows: [string, number][] = [
    ['Rss', rollup.rss], ['Pss', rollup.pss], ['Pss_Dirty', rollup.pssDirty], ['Pss_Anon', rollup.pssAnon],
    ['Pss_File', rollup.pssFile], ['Pss_Shmem', rollup.pssShmem], ['Shared_Clean', rollup.sharedClean],
    ['Shared_Dirty', rollup.sharedDirty], ['Private_Clean', rollup.privateClean], ['Private_Dirty', rollup.privateDirty],
    ['Referenced', rollup.referenced], ['Anonymous', rollup.anonymous], ['LazyFree', 0], ['AnonHugePages', 0],
    ['ShmemPmdMapped', 0], ['FilePmdMapped', 0], ['Shared_Hugetlb', 0], ['Private_Hugetlb', 0],
    ['Swap', rollup.swap], ['SwapPss', rollup.swapPss], ['Locked', 0],
  ];
  // show_smap prints each as "%-16s%8lu kB" after the field name and colon.
  return [head.padEnd(73, ' ') + '[rollup]', ...rows.map(([name, value]) => `${(name + ':').padEnd(16)}${String(value).padStart(8)} kB`)].join('\n') + '\n';
}
