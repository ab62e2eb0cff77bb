import { type Forkable, forkState } from '../memory/copyOnWrite';

/**
 * A structural copy of an object graph: class instances keep their prototypes, Maps, Sets,
 * arrays and typed arrays are copied, shared references stay shared (each object is copied
 * once), and objects `isShared` accepts (immutable program code) are not copied at all.
 * An object with a `forkState` method (the copy-on-write stores: RAM, shadow bits) copies itself
 * by it: the copy shares its bulk with the original until either writes.
 * Functions are kept as they are; a caller whose graph holds closures over copied objects must
 * re-bind them (see checkpoint.ts).
 */
export function deepClone<T>(root: T, isShared: (o: object) => boolean): T {
  const memo = new Map<object, unknown>();
  const stack: (() => void)[] = [];

  const visit = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    const o = v as object;
    if (isShared(o)) return o;
    const seen = memo.get(o);
    if (seen !== undefined) return seen;
    if (typeof (o as Partial<Forkable>)[forkState] === 'function') {
      const copy = (o as Forkable)[forkState]();
      memo.set(o, copy);
      return copy;
    }
    if (ArrayBuffer.isView(o)) {
      const copy = o instanceof DataView ? new DataView(o.buffer.slice(0)) : (o as unknown as { slice(): object }).slice();
      memo.set(o, copy);
      return copy;
    }
    if (o instanceof ArrayBuffer) {
      const copy = o.slice(0);
      memo.set(o, copy);
      return copy;
    }
    if (Array.isArray(o)) {
      const copy: unknown[] = new Array(o.length);
      memo.set(o, copy);
      stack.push(() => { for (let i = 0; i < o.length; i++) copy[i] = visit(o[i]); });
      return copy;
    }
    if (o instanceof Map) {
      const copy = new Map();
      memo.set(o, copy);
      stack.push(() => { for (const [k, x] of o) copy.set(visit(k), visit(x)); });
      return copy;
    }
    if (o instanceof Set) {
      const copy = new Set();
      memo.set(o, copy);
      stack.push(() => { for (const x of o) copy.add(visit(x)); });
      return copy;
    }
    const copy = Object.create(Object.getPrototypeOf(o)) as Record<string, unknown>;
    memo.set(o, copy);
    stack.push(() => {
      for (const key of Object.keys(o)) copy[key] = visit((o as Record<string, unknown>)[key]);
    });
    return copy;
  };

  // An explicit work list instead of recursion: long lists in the graph cannot overflow the JS stack.
  const result = visit(root);
  while (stack.length > 0) stack.pop()!();
  return result as T;
}
