/**
 * Deterministic random call traces (xorshift32), for differential runs of the simulator against
 * the real glibc: every call family and size class, including mmapped sizes and malloc_trim.
 * Reads only bytes it wrote, so results never depend on ASLR.
 */
export function randomTrace(seed: number, calls = 300): string[] {
  let s = (seed * 7919) >>> 0 || 1;
  const r = (): number => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
  const size = (): number => {
    const y = r();
    if (y < 0.5) return Math.floor(r() * 130);
    if (y < 0.8) return Math.floor(r() * 1100);
    if (y < 0.97) return Math.floor(r() * 70000);
    return 100000 + Math.floor(r() * 400000);
  };
  const live: number[] = [];
  const lines: string[] = [`# random trace, seed ${seed}`];
  let next = 0;
  for (let i = 0; i < calls; i++) {
    const x = r();
    if (live.length === 0 || x < 0.4) {
      lines.push(`m ${next} ${size()}`);
      live.push(next++);
    } else if (x < 0.75) {
      const k = Math.floor(r() * live.length);
      lines.push(`f ${live[k]}`);
      live.splice(k, 1);
    } else if (x < 0.85) {
      const k = Math.floor(r() * live.length);
      const n = size();
      lines.push(`r ${live[k]} ${n}`);
      if (n === 0) live.splice(k, 1);
    } else if (x < 0.9) {
      lines.push(`c ${next} ${1 + Math.floor(r() * 10)} ${Math.floor(r() * 200)}`);
      live.push(next++);
    } else if (x < 0.95) {
      const op = ['p', 'a', 'A'][Math.floor(r() * 3)];
      const alignment = [16, 32, 64, 128, 256, 1024, 4096][Math.floor(r() * 7)];
      lines.push(`${op} ${next} ${alignment} ${size()}`);
      live.push(next++);
    } else {
      lines.push(`t ${Math.floor(r() * 3) * 4096}`);
    }
  }
  return lines;
}
