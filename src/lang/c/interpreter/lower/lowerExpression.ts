import { sizeOf } from '../../types';
import type { SourceRange } from '../../../../shared/diagnostics';
import type { Init, LocalSlot, TExpr, TStmt } from '../check/checkedTree';
import type { LibraryFunction } from '../builtins/libraryTable';
import { type Value, type ValueKind, valueKind } from '../values/valueKind';
import type { VmMemory } from '../vm/vmMemory';
import { type Activation, type CallInstr, type Compiled, type Instr, Op } from './instructions';
import { binaryOf, complementOf, convertOf, loadOf, negateOf, pointerDistance, pointerOffset, storeOf } from './kindOps';
import { bitFieldSpan } from '../../bitFieldBits';
import { bitFieldFromBytes, bitFieldLoad, bitFieldStore } from './bitFieldAccess';
import { type AccessShape, checkedDeref, objectOfPointer } from './objectBounds';
import { type VariadicFrame, lowerVaArg, lowerVaStart } from './lowerVarArgs';
import { compareForm, formOf, int32Form, integerForm, localLoadForm, tempForm, testForm, withForm } from './inlineForms';
import { lowerStatementExpression } from './lowerStatementExpression';

/** What lowering one function needs: where its code goes, its frame offsets, its temporaries. */
export interface LowerContext {
  readonly mem: VmMemory;
  readonly code: Instr[];
  /** rbp offset of each frame slot. */
  readonly offsets: readonly number[];
  /** The frame's slots and the function's name (what the memory checks name in their reports). */
  readonly slots?: readonly LocalSlot[];
  readonly functionName?: string;
  readonly library: ReadonlyMap<string, LibraryFunction>;
  /** Calls to program functions, resolved once every function is lowered. */
  readonly directCalls: { instr: CallInstr; name: string }[];
  temps: number;
  /** Temporaries holding the old value of the innermost compound assignment's target. */
  readonly currentTemps: number[];
  line: number;
  /** Temporaries holding rsp as each enclosing block with VLAs found it (outermost first). */
  readonly vlaScopes: number[];
  /** For a function with `...`: where its variadic arguments are. */
  readonly variadic?: VariadicFrame;
  /** Lowering a function body: how a statement expression's statements become instructions. */
  readonly statements?: {
    readonly statement: (s: TStmt) => void;
    readonly mark: (range: SourceRange) => void;
    readonly effect: (e: TExpr) => void;
  };
}

type Address = (a: Activation) => number;

/**
 * Compiles an expression of the checked tree into a closure over the activation. Calls inside
 * it are split out first: each becomes a Call instruction appended to the code (in gcc's order:
 * calls before the rest of the expression, arguments right to left), and the closure reads its
 * result from a temporary. `&&`, `||` and `?:` whose later operands contain calls become jumps,
 * so a call runs only when C says its operand is evaluated.
 */
export function lowerValue(cx: LowerContext, e: TExpr): Compiled {
  const handler = VALUE[e.node] as (cx: LowerContext, e: TExpr) => Compiled;
  return handler(cx, e);
}

export function hasCall(e: TExpr): boolean {
  switch (e.node) {
    // A statement expression emits instructions, as a call does.
    case 'call': case 'statements': return true;
    case 'constant': case 'object': case 'function': case 'current': return false;
    case 'deref': return hasCall(e.pointer);
    case 'member': case 'bitField': return hasCall(e.object);
    case 'load': return hasCall(e.lvalue);
    case 'address': return hasCall(e.lvalue);
    case 'convert': return hasCall(e.operand);
    case 'unary': return hasCall(e.operand);
    case 'binary': case 'compare': case 'logical': case 'comma': case 'pointerDiff': return hasCall(e.left) || hasCall(e.right);
    case 'pointerAdd': return hasCall(e.pointer) || hasCall(e.offset);
    case 'assign': case 'compoundAssign': return hasCall(e.target) || hasCall(e.value);
    case 'incDec': return hasCall(e.target);
    case 'vaStart': case 'vaArg': return hasCall(e.list);
    case 'conditional': return hasCall(e.condition) || hasCall(e.then) || hasCall(e.otherwise);
    case 'initialized': return e.init.some((i) => i.kind === 'store' && hasCall(i.value));
  }
}

const kindOf = (e: TExpr): ValueKind => valueKind(e.type);

function newTemp(cx: LowerContext): number {
  return cx.temps++;
}

/**
 * A temporary's value. With memory checks on, the machine notes which temporaries hold values
 * computed from undefined bytes (Activation.tt); reading one carries that on.
 */
export function readTemp(cx: LowerContext, t: number): Compiled {
  const mem = cx.mem;
  const bit = t <= 30 ? 1 << t : 0;
  return withForm((a) => {
    if ((a.tt & bit) !== 0) mem.checker!.taint();
    return a.t[t];
  }, tempForm(t));
}

/**
 * An operand gcc branches on (`&&`, `||`, `?:`): with memory checks on, one computed from
 * undefined bytes is reported there, as Memcheck reports the conditional jump.
 */
function asCondition(cx: LowerContext, c: Compiled): Compiled {
  const mem = cx.mem;
  return (a) => {
    const k = mem.checker;
    if (k === undefined) return c(a);
    const pending = k.tainted;
    const pendingStale = k.staleLoad;
    k.tainted = false;
    const v = c(a);
    if (k.tainted) k.branch();
    k.tainted = pending;
    // A stale pointer tested (`p && ...`) is consumed by the branch: it flows into no value.
    k.staleLoad = pendingStale;
    return v;
  };
}

type ValueLowering = { [K in TExpr['node']]: (cx: LowerContext, e: Extract<TExpr, { node: K }>) => Compiled };

const VALUE: ValueLowering = {
  constant(_cx, e) {
    const v = valueKind(e.type) === 'f32' ? Math.fround(Number(e.value)) : e.value;
    return withForm(() => v, integerForm(v));
  },

  object(cx, e) {
    // An object used as a value is always behind `load` or `address`; reaching here is a bug.
    throw new Error(`internal: object '${e.name}' lowered as a value (${cx.line})`);
  },

  function(_cx, e) {
    const address = e.address;
    return () => address;
  },

  deref(cx, e) {
    return loadFrom(cx, e);
  },

  member(cx, e) {
    if (isLvalueExpr(e)) return loadFrom(cx, e);
    // A member of a struct value (a call's result): slice its bytes and read them.
    const object = lowerValue(cx, e.object);
    const kind = kindOf(e);
    const size = sizeOf(e.type) ?? 0;
    const offset = e.offset;
    return (a) => decode(kind, (object(a) as Uint8Array).subarray(offset, offset + size));
  },

  bitField(cx, e) {
    const kind = kindOf(e);
    if (isLvalueExpr(e.object)) {
      const offset = e.offset;
      const address = lowerAddress(cx, e.object, { offset, size: bitFieldSpan(e.bits), write: false });
      const load = bitFieldLoad(kind, e.bits);
      const mem = cx.mem;
      return (a) => load(mem, address(a) + offset);
    }
    // A bit-field of a struct value (a call's result): read its bits out of the struct's bytes.
    const object = lowerValue(cx, e.object);
    const { offset, bits } = e;
    return (a) => bitFieldFromBytes(kind, bits, object(a) as Uint8Array, offset);
  },

  load(cx, e) {
    return loadFrom(cx, e.lvalue);
  },

  address(cx, e) {
    if (e.lvalue.node === 'function') {
      const address = e.lvalue.address;
      return () => address;
    }
    return lowerAddress(cx, e.lvalue);
  },

  convert(cx, e) {
    const operand = lowerValue(cx, e.operand);
    const f = convertOf(kindOf(e.operand), kindOf(e));
    return f ? (a) => f(operand(a)) : operand;
  },

  binary(cx, e) {
    const [l, r] = operands(cx, e.left, e.right);
    const f = binaryOf(e.op, kindOf(e));
    return withForm((a) => f(l(a), r(a)), kindOf(e) === 'i32' ? int32Form(e.op, formOf(l), formOf(r)) : undefined);
  },

  compare(cx, e) {
    const [l, r] = operands(cx, e.left, e.right);
    // Int64 values are canonical (see int64.ts), so === is equality and < works on mixed forms.
    const form = compareForm(e.op, formOf(l), formOf(r));
    switch (e.op) {
      case '<': return withForm((a) => (l(a)! < r(a)! ? 1 : 0), form);
      case '>': return withForm((a) => (l(a)! > r(a)! ? 1 : 0), form);
      case '<=': return withForm((a) => (l(a)! <= r(a)! ? 1 : 0), form);
      case '>=': return withForm((a) => (l(a)! >= r(a)! ? 1 : 0), form);
      case '==': return withForm((a) => (l(a) === r(a) ? 1 : 0), form);
      case '!=': return withForm((a) => (l(a) !== r(a) ? 1 : 0), form);
    }
  },

  pointerAdd(cx, e) {
    const [p, i] = operands(cx, e.pointer, e.offset);
    const subtract = e.subtract;
    if (e.elementSizeOf) {
      const size = lowerValue(cx, e.elementSizeOf);
      return (a) => pointerOffset(p(a), i(a), Number(size(a)), subtract);
    }
    const size = e.elementSize;
    return (a) => pointerOffset(p(a), i(a), size, subtract);
  },

  pointerDiff(cx, e) {
    const [l, r] = operands(cx, e.left, e.right);
    if (e.elementSizeOf) {
      const size = lowerValue(cx, e.elementSizeOf);
      return (a) => pointerDistance(l(a), r(a), Number(size(a)));
    }
    const size = e.elementSize;
    return (a) => pointerDistance(l(a), r(a), size);
  },

  /** && and || evaluate the right operand only when the left does not decide (C11 6.5.13-14). */
  logical(cx, e) {
    const isAnd = e.op === '&&';
    if (!hasCall(e.right)) {
      const l = asCondition(cx, lowerValue(cx, e.left));
      const r = asCondition(cx, lowerValue(cx, e.right));
      return isAnd ? (a) => (l(a) !== 0 && r(a) !== 0 ? 1 : 0) : (a) => (l(a) !== 0 || r(a) !== 0 ? 1 : 0);
    }
    const t = newTemp(cx);
    const l = lowerValue(cx, e.left);
    cx.code.push({ op: Op.Set, temp: t, run: l });
    const saved = readTemp(cx, t);
    const jump = { op: isAnd ? Op.JumpIfFalse : Op.JumpIfTrue, test: withForm((a: Activation) => saved(a) !== 0, testForm(formOf(saved))), target: -1 } as Instr & { target: number };
    cx.code.push(jump);
    const r = lowerValue(cx, e.right);
    cx.code.push({ op: Op.Set, temp: t, run: r });
    jump.target = cx.code.length;
    return readTemp(cx, t);
  },

  unary(cx, e) {
    const operand = lowerValue(cx, e.operand);
    const f = e.op === '-' ? negateOf(kindOf(e)) : complementOf(kindOf(e));
    return (a) => f(operand(a));
  },

  assign(cx, e) {
    const value = lowerValue(cx, e.value);
    if (e.target.node === 'bitField') {
      const [address, store] = bitFieldTarget(cx, e.target);
      const mem = cx.mem;
      return (a) => store(mem, address(a), value(a));
    }
        const address = lowerAddress(cx, e.target, { offset: 0, size: sizeOf(e.target.type) ?? 0, write: true });
    const store = storeOf(kindOf(e.target));
    const mem = cx.mem;
    return (a) => {
      const v = value(a);
      store(mem, address(a), v);
      return v;
    };
  },

  compoundAssign(cx, e) {
    return readModifyWrite(cx, e.target, e.value, false);
  },

  incDec(cx, e) {
    return readModifyWrite(cx, e.target, e.value, e.postfix);
  },

  current(cx) {
    const t = cx.currentTemps[cx.currentTemps.length - 1];
    return (a) => a.t[t];
  },

  conditional(cx, e) {
    if (!hasCall(e.then) && !hasCall(e.otherwise)) {
      const c = asCondition(cx, lowerValue(cx, e.condition));
      const x = lowerValue(cx, e.then);
      const y = lowerValue(cx, e.otherwise);
      return (a) => (c(a) !== 0 ? x(a) : y(a));
    }
    const t = newTemp(cx);
    const c = lowerValue(cx, e.condition);
    const toElse = { op: Op.JumpIfFalse, test: withForm((a: Activation) => c(a) !== 0, testForm(formOf(c))), target: -1 } as Instr & { target: number };
    cx.code.push(toElse);
    cx.code.push({ op: Op.Set, temp: t, run: lowerValue(cx, e.then) });
    const toEnd = { op: Op.Jump, target: -1 } as Instr & { target: number };
    cx.code.push(toEnd);
    toElse.target = cx.code.length;
    cx.code.push({ op: Op.Set, temp: t, run: lowerValue(cx, e.otherwise) });
    toEnd.target = cx.code.length;
    return readTemp(cx, t);
  },

  comma(cx, e) {
    if (!hasCall(e.right)) {
      const l = lowerValue(cx, e.left);
      const r = lowerValue(cx, e.right);
      return (a) => (l(a), r(a));
    }
    // The left operand is evaluated, with all its effects, before the right (C11 6.5.17p2).
    cx.code.push({ op: Op.Exec, run: lowerValue(cx, e.left) });
    return lowerValue(cx, e.right);
  },

  call(cx, e) {
    const t = newTemp(cx);
    emitCall(cx, e, t);
    return readTemp(cx, t);
  },

  initialized(cx, e) {
    const address = lowerAddress(cx, e);
    return loadWith(cx, e, address);
  },

  statements: (cx, e) => lowerStatementExpression(cx, e),

  vaStart: (cx, e) => lowerVaStart(cx, e),
  vaArg: (cx, e) => lowerVaArg(cx, e),
};

const isLvalueExpr = (e: TExpr): boolean =>
  e.node === 'object' || e.node === 'deref' || e.node === 'initialized' || (e.node === 'member' && isLvalueExpr(e.object));

/** Two operands: when the right one contains a call, the left is saved in a temporary first. */
function operands(cx: LowerContext, left: TExpr, right: TExpr): [Compiled, Compiled] {
  const l = lowerValue(cx, left);
  if (!hasCall(right) || hasCall(left) === false && isPure(left)) return [l, lowerValue(cx, right)];
  const t = newTemp(cx);
  cx.code.push({ op: Op.Set, temp: t, run: l });
  return [readTemp(cx, t), lowerValue(cx, right)];
}

/**
 * An operand whose value a later call cannot change: constants and addresses. (gcc -O0 loads
 * variables after the calls of an expression, so `x + f()` sees f's change to x; a temporary
 * is only needed for operands with effects of their own.)
 */
function isPure(e: TExpr): boolean {
  switch (e.node) {
    // The old value of a compound assignment's target is read after the calls of its right side.
    case 'constant': case 'function': case 'current': return true;
    case 'load': return e.lvalue.node === 'object';
    case 'address': return e.lvalue.node === 'object' || e.lvalue.node === 'function';
    case 'convert': case 'unary': return isPure(e.operand);
    case 'binary': case 'compare': return isPure(e.left) && isPure(e.right);
    default: return false;
  }
}

function loadFrom(cx: LowerContext, lvalue: TExpr): Compiled {
  if (lvalue.node === 'bitField') return VALUE.bitField(cx, lvalue);
  // The common case, a local variable: one closure, a constant offset from rbp.
  if (lvalue.node === 'object' && lvalue.storage.kind === 'local') {
    const offset = cx.offsets[lvalue.storage.slot];
    const load = loadOf(kindOf(lvalue), sizeOf(lvalue.type) ?? 0);
    const mem = cx.mem;
    return withForm((a) => load(mem, a.rbp + offset), localLoadForm(kindOf(lvalue), offset));
  }
  return loadWith(cx, lvalue, lowerAddress(cx, lvalue, { offset: 0, size: sizeOf(lvalue.type) ?? 0, write: false }));
}

function loadWith(cx: LowerContext, lvalue: TExpr, address: Address): Compiled {
  const load = loadOf(kindOf(lvalue), sizeOf(lvalue.type) ?? 0);
  const mem = cx.mem;
  return (a) => load(mem, address(a));
}

/**
 * The address an lvalue designates. `access` says how it is about to be used (the load or store
 * through it); a plain address (`&x`, array decay) has none and is not checked.
 */
export function lowerAddress(cx: LowerContext, e: TExpr, access?: AccessShape): Address {
  const mem = cx.mem;
  switch (e.node) {
    case 'object': {
      if (e.storage.kind === 'static') {
        const address = e.storage.address;
        return () => address;
      }
      const offset = cx.offsets[e.storage.slot];
      // A VLA is wherever its declaration allocated it: its frame slot holds the address.
      if (e.storage.kind === 'vla') return (a) => mem.readU64(a.rbp + offset) as number;
      return (a) => a.rbp + offset;
    }
    case 'deref': {
      const pointer = lowerValue(cx, e.pointer);
      if (access) return checkedDeref(mem, pointer, objectOfPointer(cx, e.pointer), access);
      return (a) => mem.address(pointer(a) as number, 'read');
    }
    case 'member': {
      if (!isLvalueExpr(e.object)) throw new Error('internal: address of a member of an rvalue');
      const base = lowerAddress(cx, e.object, access && { ...access, offset: access.offset + e.offset });
      const offset = e.offset;
      return offset === 0 ? base : (a) => base(a) + offset;
    }
    case 'initialized': {
      const object = lowerAddress(cx, e.object);
      if (e.init.some((i) => i.kind === 'store' && hasCall(i.value))) {
        emitInit(cx, object, e.init);
        return object;
      }
      const init = compileInit(cx, e.init);
      return (a) => {
        const p = object(a);
        init(a, p);
        return p;
      };
    }
    default:
      throw new Error(`internal: ${e.node} is not an lvalue`);
  }
}

/** `a op= b`, `++a`, `a++`: the target's address is computed once (C11 6.5.16.2p3). */
function readModifyWrite(cx: LowerContext, target: TExpr, value: TExpr, postfix: boolean): Compiled {
  const t = newTemp(cx);
  cx.currentTemps.push(t);
  const compute = lowerValue(cx, value);
  cx.currentTemps.pop();
  const mem = cx.mem;
  if (target.node === 'bitField') {
    const [address, store] = bitFieldTarget(cx, target);
    const load = bitFieldLoad(kindOf(target), target.bits);
    return (a) => {
      const p = address(a);
      const old = load(mem, p);
      a.t[t] = old;
      const v = store(mem, p, compute(a));
      return postfix ? old : v;
    };
  }
    const address = lowerAddress(cx, target, { offset: 0, size: sizeOf(target.type) ?? 0, write: false });
  const kind = kindOf(target);
  const load = loadOf(kind, sizeOf(target.type) ?? 0);
  const store = storeOf(kind);
  return (a) => {
    const p = address(a);
    const old = load(mem, p);
    a.t[t] = old;
    const v = compute(a);
    store(mem, p, v);
    return postfix ? old : v;
  };
}

/** Where a bit-field lvalue's bytes start, and its store (which yields the value the field then holds). */
function bitFieldTarget(cx: LowerContext, e: Extract<TExpr, { node: 'bitField' }>): [Address, ReturnType<typeof bitFieldStore>] {
  const offset = e.offset;
  const base = lowerAddress(cx, e.object, { offset, size: bitFieldSpan(e.bits), write: true });
  return [(a) => base(a) + offset, bitFieldStore(kindOf(e), e.bits)];
}

/** A Call instruction: the callee and arguments are evaluated (right to left), then the call. */
export function emitCall(cx: LowerContext, e: Extract<TExpr, { node: 'call' }>, result: number): void {
  // Arguments right to left, as gcc evaluates them on x86-64: their calls are emitted in that order.
  const args: Compiled[] = new Array(e.args.length);
  for (let i = e.args.length - 1; i >= 0; i--) {
    const arg = e.args[i];
    let compiled = lowerValue(cx, arg);
    if (i > 0 && e.args.slice(0, i).some(hasCall) && !isPure(arg)) {
      const t = newTemp(cx);
      cx.code.push({ op: Op.Set, temp: t, run: compiled });
      compiled = readTemp(cx, t);
    }
    args[i] = compiled;
  }
  const argKinds = e.args.map(kindOf);
  const line = cx.line;
  const callee = e.callee;
  if (callee.node === 'function') {
    if (callee.library) {
      const lib = cx.library.get(callee.name);
      if (!lib) throw new Error(`internal: no library function ${callee.name}`);
      // The objects pointer arguments point into, for the library's range checks (ASan's interceptors).
      const argObjects = e.args.map((arg) => objectOfPointer(cx, arg));
      cx.code.push({
        op: Op.Call, library: lib.impl, libraryName: callee.name, args, argKinds, variadicFrom: e.variadicFrom, result, site: e.site, line,
        ...(argObjects.some((o) => o !== undefined) ? { argObjects } : {}),
      });
      return;
    }
    const instr: CallInstr = { op: Op.Call, args, argKinds, variadicFrom: e.variadicFrom, result, site: e.site, line, range: e.range };
    cx.code.push(instr);
    cx.directCalls.push({ instr, name: callee.name });
    return;
  }
  const pointer = lowerValue(cx, callee);
  cx.code.push({ op: Op.Call, pointer, args, argKinds, variadicFrom: e.variadicFrom, result, site: e.site, line });
}

/** Initialization steps as one closure (zero, then stores), for initializers without calls. */
export function compileInit(cx: LowerContext, steps: readonly Init[]): (a: Activation, base: number) => void {
  const mem = cx.mem;
  const parts = steps.map((s): ((a: Activation, base: number) => void) => {
    const offset = s.offset;
    if (s.kind === 'zero') {
      const size = s.size;
      return (_a, base) => mem.fill(base + offset, size, 0);
    }
    if (s.kind === 'bytes') {
      const bytes = s.bytes;
      return (_a, base) => mem.writeBytes(base + offset, bytes);
    }
    const value = lowerValue(cx, s.value);
    if (s.bits) {
      const store = bitFieldStore(valueKind(s.type), s.bits);
      return (a, base) => void store(mem, base + offset, value(a));
    }
    const store = storeOf(valueKind(s.type));
    return (a, base) => store(mem, base + offset, value(a));
  });
  if (parts.length === 1) return parts[0];
  return (a, base) => {
    for (let i = 0; i < parts.length; i++) parts[i](a, base);
  };
}

/** Initialization with calls in it: each step is an instruction, after the calls it needs. */
export function emitInit(cx: LowerContext, object: Address, steps: readonly Init[]): void {
  for (const step of steps) {
    const single = compileInit(cx, [step]);
    cx.code.push({ op: Op.Exec, run: (a) => { single(a, object(a)); return undefined; } });
  }
}

/** Reads a value of `kind` out of a struct value's bytes. */
function decode(kind: ValueKind, bytes: Uint8Array): Value {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (kind) {
    case 'i8': return view.getInt8(0);
    case 'u8': case 'bool': return view.getUint8(0);
    case 'i16': return view.getInt16(0, true);
    case 'u16': return view.getUint16(0, true);
    case 'i32': return view.getInt32(0, true);
    case 'u32': return view.getUint32(0, true);
    case 'i64': { const v = view.getBigInt64(0, true); return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v; }
    case 'u64': case 'ptr': { const v = view.getBigUint64(0, true); return v <= 9007199254740991n ? Number(v) : v; }
    case 'f32': return view.getFloat32(0, true);
    case 'f64': return view.getFloat64(0, true);
    case 'record': return bytes.slice();
    case 'void': return undefined;
  }
}
