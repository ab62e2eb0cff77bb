import type { Vma } from '../addressSpace/vma';
import type { SmapsRollup } from './smaps';

/** What /proc/self/status needs to know about the process beyond its mappings. */
export interface StatusFacts {
  readonly name: string;
  readonly pid: number;
  readonly peakRssKb: number;
  readonly rollup: SmapsRollup;
  readonly pageTableKb: number;
}

const kb = (bytes: number) => Math.floor(bytes / 1024);
const sizeOf = (vmas: readonly Vma[]) => vmas.reduce((n, v) => n + (v.end - v.start), 0);

/**
 * /proc/self/status as fs/proc/array.c and task_mem() print it (`"VmRSS:\t%8lu kB"`), for the
 * lines about the process's identity and memory. The lines about credentials, signals,
 * capabilities and scheduling (Uid, SigBlk, Cpus_allowed, ...) are left out: the simulated
 * process has none of them. VmPeak is left out too: the simulation does not record peak VSZ.
 */
export function formatProcStatus(facts: StatusFacts, vmas: readonly Vma[]): string {
  const text = vmas.filter((v) => v.role === 'text');
  const stack = vmas.filter((v) => v.role === 'stack');
  const libraryCode = vmas.filter((v) => v.role === 'library' && v.prot.exec);
  // VmData is mm->data_vm: private writable mappings that are not the stack.
  const data = vmas.filter((v) => v.prot.write && !v.shared && v.role !== 'stack');
  const { rollup } = facts;
  const shmem = rollup.pssShmem;
  const vm = (name: string, value: number) => `${name}:\t${String(value).padStart(8)} kB`;
  return [
    `Name:\t${facts.name.slice(0, 15)}`,
    'State:\tR (running)',
    `Tgid:\t${facts.pid}`,
    `Pid:\t${facts.pid}`,
    vm('VmSize', kb(sizeOf(vmas))),
    vm('VmLck', 0),
    vm('VmPin', 0),
    vm('VmHWM', facts.peakRssKb),
    vm('VmRSS', rollup.rss),
    vm('RssAnon', rollup.anonymous),
    vm('RssFile', rollup.rss - rollup.anonymous - shmem),
    vm('RssShmem', shmem),
    vm('VmData', kb(sizeOf(data))),
    vm('VmStk', kb(sizeOf(stack))),
    vm('VmExe', kb(sizeOf(text))),
    vm('VmLib', kb(sizeOf(libraryCode))),
    vm('VmPTE', facts.pageTableKb),
    vm('VmSwap', rollup.swap),
    'Threads:\t1',
  ].join('\n') + '\n';
}
