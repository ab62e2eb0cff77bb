import type { HeapCore } from './heapCore';

/**
 * The heap's invariants, checked on demand (tests, and a language wiring its barrier): every strong
 * edge leads to a live object; outside a scavenge, every old object pointing into new space is in
 * the remembered set; every object lies inside its space; heapUsed is the sum of the objects.
 */
export function verifyHeap(core: HeapCore): string[] {
  const problems: string[] = [];
  const s = core.state;
  let used = 0;
  for (const r of s.objects.values()) {
    used += r.bytes;
    core.client.forEachReference(r.ref, (target, edge) => {
      const t = s.objects.get(target);
      if (!t) problems.push(`#${r.ref} ${r.label} .${edge} points to dead object #${target}`);
      else if (core.generational && s.collection?.kind !== 'scavenge' && r.space !== 'new' && t.space === 'new' && !s.rememberedSet.has(r.ref)) {
        problems.push(`#${r.ref} ${r.label} (${r.space}) .${edge} points into new space but is not in the remembered set`);
      }
    });
    if (r.space === 'new') {
      const space = s.newSpace;
      const inside = space?.semispaces.some((m) => r.address >= m.start && r.address + r.bytes <= m.start + m.length);
      if (!inside) problems.push(`#${r.ref} ${r.label} is not inside a semispace`);
    } else if (r.space === 'old') {
      const page = core.spaces.pageOf(r.address);
      if (!page || !page.objects.has(r.ref) || r.address + r.bytes > page.end) problems.push(`#${r.ref} ${r.label} is not on its old page`);
    }
  }
  if (used !== s.usedBytes) problems.push(`heapUsed ${s.usedBytes} differs from the objects' ${used} bytes`);
  return problems;
}
