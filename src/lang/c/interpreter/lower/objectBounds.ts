import { type CType, sizeOf, typeToString } from '../../types';
import type { TExpr } from '../check/checkedTree';
import type { KnownObject } from '../vm/memoryChecker';
import type { VmMemory } from '../vm/vmMemory';
import type { Activation } from './instructions';
import type { LowerContext } from './lowerExpression';

/** A declared object an expression points into, known when lowering: what it is and where it starts. */
export interface ObjectRef {
  readonly object: KnownObject;
  readonly base: (a: Activation) => number;
}

/** How an lvalue is used: read or written, `size` bytes at `offset` from the address lowered. */
export interface AccessShape {
  readonly offset: number;
  readonly size: number;
  readonly write: boolean;
}

/**
 * The complete object a pointer expression points into, when the expression itself says so: an
 * array that decays (`a` in `a[i]`, `buf` in `strcpy(buf, s)`), `&x`, `&s.m`, and pointer
 * arithmetic on those. A pointer loaded from a variable carries no such knowledge (that would need
 * pointer provenance), so `p[i]` is checked only against the poison map.
 *
 * The bound is the whole declared object, as ASan's redzones surround whole objects: `m[0][5]`
 * in an `int m[3][4]` stays inside m, and so does `s.name[20]` inside its struct.
 */
export function objectOfPointer(cx: LowerContext, e: TExpr): ObjectRef | undefined {
  switch (e.node) {
    case 'convert':
      return e.operand.type.kind === 'pointer' ? objectOfPointer(cx, e.operand) : undefined;
    case 'address':
      return objectOfLvalue(cx, e.lvalue);
    case 'pointerAdd':
      return objectOfPointer(cx, e.pointer);
    default:
      return undefined;
  }
}

function objectOfLvalue(cx: LowerContext, e: TExpr): ObjectRef | undefined {
  switch (e.node) {
    case 'object': {
      const size = sizeOf(e.type);
      if (size === undefined) return undefined;
      if (e.storage.kind === 'static') {
        // A static struct may be longer than its type: its flexible array member's initializer
        // extends it (gcc). The poison map, laid out from the image, bounds it then.
        if (hasFlexibleArrayMember(e.type)) return undefined;
        const address = e.storage.address;
        return { object: { name: e.name, size, typeName: typeToString(e.type), storage: 'static' }, base: () => address };
      }
      const slot = cx.slots?.[e.storage.slot];
      const offset = cx.offsets[e.storage.slot];
      const object: KnownObject = {
        name: slot?.hidden ? 'a compound literal' : e.name, size, typeName: typeToString(e.type), storage: 'local',
        functionName: cx.functionName, line: slot?.line,
      };
      return { object, base: (a) => a.rbp + offset };
    }
    case 'member':
      return objectOfLvalue(cx, e.object);
    case 'deref':
      return objectOfPointer(cx, e.pointer);
    case 'initialized':
      return objectOfLvalue(cx, e.object);
    default:
      return undefined;
  }
}

/**
 * The address of `*pointer` for an access, with Memcheck's and ASan's checks when the machine
 * has a checker: an address computed from undefined bytes is reported, and an access through a
 * known object must stay inside it. Without a checker it is the plain address.
 */
export function checkedDeref(mem: VmMemory, pointer: (a: Activation) => unknown, ref: ObjectRef | undefined, access: AccessShape): (a: Activation) => number {
  const { offset, size } = access;
  const kind = access.write ? 'write' : 'read';
  return (a) => {
    const c = mem.checker;
    if (c === undefined) return mem.address(pointer(a) as number, kind);
    const pending = c.tainted;
    const pendingStale = c.staleLoad;
    c.tainted = false;
    c.staleLoad = undefined;
    const p = mem.address(pointer(a) as number, kind);
    if (c.tainted) c.address();
    c.tainted = pending;
    // The pointer came from a word holding a stale pointer (stored for a block since freed).
    if (c.staleLoad !== undefined) c.staleAccess(c.staleLoad, p + offset, size, kind);
    c.staleLoad = pendingStale;
    if (ref !== undefined) c.checkObject(ref.object, ref.base(a), p + offset, size, kind);
    return p;
  };
}

function hasFlexibleArrayMember(type: CType): boolean {
  const last = type.kind === 'struct' ? type.layout.members?.[type.layout.members.length - 1] : undefined;
  return last?.type.kind === 'array' && last.type.length === undefined;
}
