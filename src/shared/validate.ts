import type { ImageSnapshot } from './imageSnapshot';
import { CONTRACT_VERSION } from './version';

/**
 * Structural checks for documents that cross a boundary. They check what a receiver relies on
 * (shapes and number types), not every field's meaning.
 */
export function isImageSnapshot(value: unknown): value is ImageSnapshot {
  if (!isRecord(value)) return false;
  return value.version === CONTRACT_VERSION
    && value.kind === 'process-image'
    && typeof value.source === 'string'
    && typeof value.programPath === 'string'
    && Array.isArray(value.regions) && value.regions.every(isRange)
    && Array.isArray(value.sections) && value.sections.every(isRange)
    && Array.isArray(value.symbols) && value.symbols.every((s) => isRecord(s) && typeof s.name === 'string' && isAddress(s.address) && isAddress(s.size))
    && Array.isArray(value.diagnostics)
    && isRange(value.heap)
    && isRecord(value.stack) && isAddress(value.stack.top) && Array.isArray(value.stack.items)
    && typeof value.mapsText === 'string';
}

function isRange(value: unknown): boolean {
  return isRecord(value) && isAddress(value.start) && isAddress(value.end) && value.end >= value.start;
}

function isAddress(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
