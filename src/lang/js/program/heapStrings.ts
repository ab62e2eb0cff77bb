import type { ObjectRef } from '../../../engine/managedHeap/managedHeap';

/**
 * The program's long strings that are on the managed heap, found again by value without reading
 * their characters when they are long.
 *
 * The host's strings are V8's too: `s + t` makes a rope (a ConsString) in O(1), and anything that
 * reads a rope's characters — hashing it as a Map key, a regular expression — first flattens it,
 * copying every character. `while (true) s = s + x;` would then copy the whole string at every
 * step, a run quadratic in its length (the fuzz tier found it hanging). So strings up to
 * FLAT_INDEX_MAX_LENGTH characters are found by content (bounded work), longer ones by length and
 * identity: `===` on the very string stored is a pointer comparison, and strings of different
 * lengths differ without a look at their characters.
 */
export const FLAT_INDEX_MAX_LENGTH = 1024;

/**
 * Whether V8 would store the string with two bytes a character (some character past U+00FF).
 * A loop, not a regular expression: one compiled when the host's stack is nearly full fails.
 */
export function isTwoByte(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return true;
  return false;
}

export class HeapStrings {
  private readonly byContent = new Map<string, ObjectRef>();
  private readonly longByLength = new Map<number, { text: string; ref: ObjectRef }[]>();
  private readonly textOf = new Map<ObjectRef, string>();

  find(text: string): ObjectRef | undefined {
    if (text.length <= FLAT_INDEX_MAX_LENGTH) return this.byContent.get(text);
    return this.longByLength.get(text.length)?.find((e) => e.text === text)?.ref;
  }

  add(text: string, ref: ObjectRef): void {
    this.textOf.set(ref, text);
    if (text.length <= FLAT_INDEX_MAX_LENGTH) {
      this.byContent.set(text, ref);
      return;
    }
    const same = this.longByLength.get(text.length);
    if (same) same.push({ text, ref });
    else this.longByLength.set(text.length, [{ text, ref }]);
  }

  /** Forgets a freed heap string; false when `ref` is not one. */
  remove(ref: ObjectRef): boolean {
    const text = this.textOf.get(ref);
    if (text === undefined) return false;
    this.textOf.delete(ref);
    if (text.length <= FLAT_INDEX_MAX_LENGTH) {
      this.byContent.delete(text);
      return true;
    }
    const same = this.longByLength.get(text.length) ?? [];
    const rest = same.filter((e) => e.ref !== ref);
    if (rest.length > 0) this.longByLength.set(text.length, rest);
    else this.longByLength.delete(text.length);
    return true;
  }

  text(ref: ObjectRef): string | undefined {
    return this.textOf.get(ref);
  }
}

/**
 * The last few concatenations the program made, so that the heap string a stored `a + b` becomes
 * is a ConsString (32 bytes pointing to its two halves), as V8 makes it, rather than a copy of
 * every character. A handful is enough: a result is stored (or becomes another one's half) within
 * the statement that made it.
 */
export class RecentConcatenations {
  private readonly recent: { result: string; left: string; right: string }[] = [];

  note(result: string, left: string, right: string): void {
    if (this.recent.length === 8) this.recent.shift();
    this.recent.push({ result, left, right });
  }

  /** The halves `text` was made of, if it is one of the recent results. */
  halvesOf(text: string): { left: string; right: string } | undefined {
    for (let i = this.recent.length - 1; i >= 0; i--) {
      const r = this.recent[i];
      if (r.result.length === text.length && r.result === text) return r;
    }
    return undefined;
  }
}
