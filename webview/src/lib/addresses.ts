/** Addresses arrive as hex strings; every user address is below 2^47, exact as a number. */
export function num(hex: string): number {
  return parseInt(hex, 16);
}

export function hexOf(value: number): string {
  return '0x' + value.toString(16);
}

/** 0x0000555555559000 -> 0x555555559000 padded to 12 digits, as the views align them. */
export function padded(hex: string): string {
  return '0x' + hex.replace(/^0x/, '').padStart(12, '0');
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(1)} GiB`;
}
