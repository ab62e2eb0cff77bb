import type { Vma } from './vma';
import { permString } from './vma';

/**
 * Formats mappings exactly like Linux's /proc/PID/maps: start-end perms offset dev inode, then the
 * path padded to column 73 (the kernel pads with spaces after the inode field).
 */
export function formatProcMaps(vmas: readonly Vma[]): string {
  return vmas.map(formatMapsLine).join('\n') + (vmas.length ? '\n' : '');
}

export function formatMapsLine(vma: Vma): string {
  const range = `${vma.start.toString(16).padStart(8, '0')}-${vma.end.toString(16).padStart(8, '0')}`;
  const offset = (vma.file?.offset ?? 0).toString(16).padStart(8, '0');
  const device = vma.file?.device ?? '00:00';
  const inode = String(vma.file?.inode ?? 0);
  const head = `${range} ${permString(vma.prot, vma.shared)} ${offset} ${device} ${inode}`;
  const name = vma.file?.path ?? vma.label ?? '';
  return name ? head.padEnd(73, ' ') + name : head + ' ';
}
