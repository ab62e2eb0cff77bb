import type { OutputSection, SymbolInfo, SymbolKind } from './imageSnapshot';

/** What each section holds, in the words the panel, the hover and the CLI all use. */
export const SECTION_MEANING: Readonly<Record<OutputSection, string>> = {
  '.text': 'machine code; read-only and executable',
  '.rodata': 'read-only data: string literals and const objects; writing here is a segmentation fault',
  '.data.rel.ro': 'const data holding addresses: patched by the loader at start-up, then made read-only',
  '.data': 'initialized globals and statics, loaded from the executable file',
  '.bss': 'zero-initialized globals and statics: take no room in the file, zero-filled pages at start-up',
};

export const KIND_LABEL: Readonly<Record<SymbolKind, string>> = {
  function: 'function',
  variable: 'global variable',
  'static-local': 'static local variable',
  'string-literal': 'string literal',
  'compound-literal': 'compound literal at file scope (an unnamed static object)',
};

export function formatHex(value: number): string {
  return '0x' + value.toString(16);
}

/** "4 bytes", "1.5 KiB", "8 MiB": sizes as people read them. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte${bytes === 1 ? '' : 's'}`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
  return `${value >= 10 || Number.isInteger(value) ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** One line about a symbol: `int counter: global variable, 4 bytes at 0x555555558040 in .data`. */
export function describeSymbol(symbol: SymbolInfo): string {
  const size = `${symbol.sizeIsEstimate ? '~' : ''}${formatSize(symbol.size)}`;
  const owner = symbol.function ? ` of ${symbol.function}()` : '';
  return `${KIND_LABEL[symbol.kind]}${owner}, ${size} at ${formatHex(symbol.address)} in ${symbol.section}`;
}
