/** 12,345 */
export function bytes(n: number): string {
  return n.toLocaleString('en-US');
}

/** 12 KiB, 1.5 MiB: for labels where exact bytes would crowd the view. */
export function size(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${trim(n / 1024)} KiB`;
  return `${trim(n / (1024 * 1024))} MiB`;
}

function trim(x: number): string {
  return x >= 100 ? x.toFixed(0) : x.toFixed(1).replace(/\.0$/, '');
}
