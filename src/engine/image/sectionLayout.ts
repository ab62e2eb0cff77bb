import { alignUp } from '../addressSpace/layout';
import type { ObjectSection, ProgramObject } from './programObjects';

export interface PlacedObject {
  readonly object: ProgramObject;
  readonly address: number;
}

export interface PlacedSection {
  /** ELF section name as `readelf -S` shows it in the linked program. */
  readonly name: string;
  readonly start: number;
  readonly end: number;
  readonly objects: readonly PlacedObject[];
}

/** The input section's alignment: the largest alignment of anything in it (as the linker uses). */
export function sectionAlignment(objects: readonly ProgramObject[]): number {
  return objects.reduce((max, o) => Math.max(max, o.align), 1);
}

/**
 * Places objects one after another from `start` (already aligned by the caller), each at its own
 * alignment, in the order given; that is what the assembler does within one section.
 */
export function placeObjects(name: string, start: number, objects: readonly ProgramObject[]): PlacedSection {
  let cursor = start;
  const placed: PlacedObject[] = [];
  for (const object of objects) {
    cursor = alignUp(cursor, object.align);
    placed.push({ object, address: cursor });
    cursor += object.size;
  }
  return { name, start, end: cursor, objects: placed };
}

/** Objects of one output section, keeping emission order. */
export function objectsIn(objects: readonly ProgramObject[], ...sections: ObjectSection[]): ProgramObject[] {
  return objects.filter((o) => sections.includes(o.section));
}

/** Places a whole input section at the next address its alignment allows. */
export function placeSectionAfter(name: string, cursor: number, objects: readonly ProgramObject[]): PlacedSection {
  return placeObjects(name, alignUp(cursor, sectionAlignment(objects)), objects);
}
