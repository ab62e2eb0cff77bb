import type { Diagnostic } from './diagnostics';
import type { ImageSnapshot, OutputSection, SymbolKind } from './imageSnapshot';
import { CONTRACT_VERSION } from './version';

/**
 * `memory-atlas maps FILE --json`: the process image as one JSON document. Addresses are hex
 * strings ("0x555555558040"), as people and tools like jq read them.
 */
export interface MapsReport {
  readonly version: typeof CONTRACT_VERSION;
  readonly source: string;
  readonly maps: readonly MapsEntry[];
  readonly symbols: readonly MapsSymbol[];
  readonly diagnostics: readonly Diagnostic[];
}

export interface MapsEntry {
  readonly start: string;
  readonly end: string;
  readonly perms: string;
  readonly name: string;
  readonly role: string;
}

export interface MapsSymbol {
  readonly name: string;
  readonly kind: SymbolKind;
  readonly section: OutputSection;
  readonly address: string;
  readonly size: number;
  readonly sizeIsEstimate?: boolean;
  readonly type: string;
  readonly line: number;
}

const hex = (n: number) => '0x' + n.toString(16);

export function mapsReportFrom(snapshot: ImageSnapshot): MapsReport {
  return {
    version: CONTRACT_VERSION,
    source: snapshot.source,
    maps: snapshot.regions.map((r) => ({ start: hex(r.start), end: hex(r.end), perms: r.perms, name: r.name, role: r.role })),
    symbols: snapshot.symbols.map((s) => ({
      name: s.name, kind: s.kind, section: s.section, address: hex(s.address), size: s.size,
      ...(s.sizeIsEstimate ? { sizeIsEstimate: true } : {}), type: s.type, line: s.line,
    })),
    diagnostics: snapshot.diagnostics,
  };
}

/** The text form: /proc/self/maps, then a symbol table in address order like `nm -S -n`. */
export function formatMapsText(snapshot: ImageSnapshot): string {
  const lines = [snapshot.mapsText.trimEnd(), '', `Symbols of ${snapshot.source} (address, size, section, kind, name, type, line):`];
  for (const s of [...snapshot.symbols].sort((a, b) => a.address - b.address)) {
    const size = (s.sizeIsEstimate ? '~' : ' ') + String(s.size).padStart(5);
    const name = s.kind === 'string-literal' ? `${s.name} ${s.sourceName}` : s.name;
    lines.push(`${s.address.toString(16).padStart(16, '0')} ${size}  ${s.section.padEnd(12)} ${s.kind.padEnd(14)} ${name.padEnd(24)} ${s.type.padEnd(24)} line ${s.line}`);
  }
  if (snapshot.symbols.some((s) => s.sizeIsEstimate)) lines.push('', '~ function sizes are estimates: the program is simulated, never compiled.');
  lines.push(`Program break (heap start): ${hex(snapshot.heap.start)}   stack top: ${hex(snapshot.stack.top)}   VSZ: ${Math.round(snapshot.virtualSize / 1024)} KiB`);
  return lines.join('\n') + '\n';
}
