import type {
  ChildrenKey, EvaluationContext, InspectedFrame, InspectedScope, InspectedValue, InspectionError, PlaceDescription, ProgramInspector,
} from '../../../../engine/program/programInspector';
import { PAGE_SIZE } from '../../../../engine/addressSpace/layout';
import { peekMemory } from '../../../../engine/memory/peekMemory';
import { MemoryFault } from '../../../../engine/memory/memoryFault';
import type { CParser, SyntaxNode } from '../../parser';
import { type CType, sizeOf, typeToString, withRuntimeLengths, pointerTo } from '../../types';
import { unqualified } from '../../interpreter/check/conversions';
import type { CompiledProgram } from '../../interpreter/compileProgram';
import type { LocalSlot, StaticLocal } from '../../interpreter/check/checkedTree';
import type { Activation, StatementInfo } from '../../interpreter/lower/instructions';
import type { Machine } from '../../interpreter/vm/machine';
import { formatBytes, formatValue, UNINITIALIZED } from '../formatValue';
import { describePlace } from './describePlace';
import { chunkAt } from '../heapView';
import { type DebugValue, bytesOf, convertScalar } from './debugValue';
import { EvaluationError, ExpressionEvaluator, type NameLookup, valueOf } from './evaluateExpression';

/** How many elements of an array the Variables view lists (gdb's `print elements` default). */
const MAX_ELEMENTS = 1000;

interface CKey extends ChildrenKey {
  readonly kind: 'c-members' | 'c-elements' | 'c-pointee';
  readonly value: DebugValue;
}

interface Position {
  readonly line: number;
  readonly column: number;
}

/**
 * The debugger's window onto a paused C program: frames and their scopes (locals visible at the
 * statement, arguments, globals and statics, registers), values as gdb prints them with where
 * they live, pointers expanded to what they point at (the heap block included), and C
 * expressions over the frame's names. Reads never disturb the simulation.
 */
export class CInspector implements ProgramInspector {
  constructor(
    private readonly machine: Machine,
    private readonly compiled: CompiledProgram,
    private readonly parser: CParser,
    /** Writes bytes as a debugger does (ptrace): the program is changed, the bytes defined. */
    private readonly debuggerWrite: (address: number, bytes: Uint8Array) => void,
    /** The statement the innermost frame is at (the one being asked about while the machine runs). */
    private readonly innermostStatement: () => StatementInfo | undefined,
  ) {}

  frames(): readonly InspectedFrame[] {
    const m = this.machine;
    const out: InspectedFrame[] = [];
    for (let i = m.acts.length - 1; i >= 0; i--) {
      const a = m.acts[i];
      const statement = this.statementOf(i);
      out.push({ name: a.fn.name, line: statement?.line ?? 0, ...(statement ? { range: statement.range } : {}), instructionAddress: m.ripOf(a) });
    }
    return out;
  }

  scopes(frame: number): readonly InspectedScope[] {
    const a = this.activation(frame);
    if (!a) return [];
    const here = this.positionOf(frame);
    const locals: InspectedValue[] = [];
    const args: InspectedValue[] = [];
    for (const [name, v] of this.frameObjects(frame, here)) {
      const slot = a.fn.slots.find((s) => s.name === name && s.isParameter);
      (slot ? args : locals).push(this.inspect(name, v));
    }
    return [
      { name: 'Locals', kind: 'locals', values: locals },
      { name: 'Arguments', kind: 'arguments', values: args },
      { name: 'Globals and statics', kind: 'globals', values: this.globals().map(([name, v]) => this.inspect(name, v)), expensive: true },
      { name: 'Registers', kind: 'registers', values: this.registers(frame) },
    ];
  }

  children(key: ChildrenKey): readonly InspectedValue[] {
    const { kind, value } = key as CKey;
    const ev = this.evaluator(0);
    const t = unqualified(value.type);
    if (kind === 'c-members' && (t.kind === 'struct' || t.kind === 'union')) {
      return (t.layout.members ?? []).filter((m) => m.name).map((m) => {
        const member = value.kind === 'object'
          ? { kind: 'object' as const, type: m.type, address: value.address + m.offset, ...(m.bitField ? { bitField: m.bitField } : {}), expression: `${value.expression}.${m.name}` }
          : { kind: 'value' as const, type: m.type, bytes: value.bytes.subarray(m.offset, m.offset + (sizeOf(m.type) ?? 0)), expression: `${value.expression}.${m.name}` };
        return this.inspect(m.name, member);
      });
    }
    if (kind === 'c-elements' && t.kind === 'array' && value.kind === 'object') {
      const size = sizeOf(t.of) ?? 0;
      const count = Math.min(t.length ?? 0, MAX_ELEMENTS);
      const out: InspectedValue[] = [];
      for (let i = 0; i < count; i++) out.push(this.inspect(`[${i}]`, { kind: 'object', type: t.of, address: value.address + i * size, expression: `${value.expression}[${i}]` }));
      return out;
    }
    if (kind === 'c-pointee' && t.kind === 'pointer') {
      const address = Number(ev.scalar(value));
      const out: InspectedValue[] = [];
      const block = this.blockValue(address);
      if (t.to.kind !== 'void' && t.to.kind !== 'function' && sizeOf(t.to) !== undefined) {
        const target: DebugValue = { kind: 'object', type: t.to, address, expression: `*${parenthesized(value.expression)}` };
        const pointee = unqualified(t.to);
        if (pointee.kind === 'struct' || pointee.kind === 'union') {
          const arrow = `${parenthesized(value.expression)}->`;
          out.push(...this.children({ kind: 'c-members', value: target } as CKey).map((c) => ({ ...c, expression: c.expression?.replace(`${target.expression}.`, arrow) })));
        } else {
          out.push(this.inspect(target.expression, target));
        }
      }
      if (block) out.push(block);
      return out;
    }
    return [];
  }

  evaluate(expression: string, frame: number, _context: EvaluationContext): InspectedValue | InspectionError {
    try {
      const node = this.parse(expression);
      if (node.type === 'assignment_expression' && _context === 'repl') {
        return this.assign(node.childForFieldName('left')!.text, node.childForFieldName('right')!.text, frame);
      }
      const v = this.evaluator(frame).evaluate(node);
      return this.inspect(expression.trim(), v);
    } catch (e) {
      if (e instanceof EvaluationError) return { error: e.message };
      throw e;
    }
  }

  /** A breakpoint condition: true when the expression is non-zero, as C's `if` tests it. */
  condition(expression: string, frame: number): boolean | InspectionError {
    try {
      const ev = this.evaluator(frame);
      const v = ev.scalar(ev.evaluate(this.parse(expression)));
      return typeof v === 'bigint' ? v !== 0n : v !== 0;
    } catch (e) {
      if (e instanceof EvaluationError) return { error: e.message };
      throw e;
    }
  }

  assign(target: string, value: string, frame: number): InspectedValue | InspectionError {
    try {
      const ev = this.evaluator(frame);
      const lvalue = ev.evaluate(this.parse(target));
      if (lvalue.kind !== 'object') throw new EvaluationError(`Left operand of assignment is not an lvalue: ${target}`);
      const t = unqualified(lvalue.type);
      if (t.kind === 'array' || t.kind === 'struct' || t.kind === 'union' || t.kind === 'function') throw new EvaluationError(`cannot assign a whole ${typeToString(t)}: set its elements or members one by one`);
      if (lvalue.bitField) throw new EvaluationError('setting a bit-field from the debugger is not supported');
      const rhs = ev.evaluate(this.parse(value));
      const bytes = bytesOf(t, convertScalar(t, ev.scalar(rhs)));
      try {
        this.debuggerWrite(lvalue.address, bytes);
      } catch (e) {
        if (e instanceof MemoryFault) throw new EvaluationError(`Cannot access memory at address 0x${lvalue.address.toString(16)}`);
        throw e;
      }
      return this.inspect(target.trim(), lvalue);
    } catch (e) {
      if (e instanceof EvaluationError) return { error: e.message };
      throw e;
    }
  }

  completions(text: string, frame: number): readonly string[] {
    const member = /(.*?)(\.|->)\s*(\w*)$/s.exec(text);
    if (member) {
      try {
        // Only the type matters: `n->` completes even while n is still NULL or garbage.
        const v = this.evaluator(frame).evaluate(this.parse(member[1]));
        const base = unqualified(v.type);
        const t = member[2] === '->' ? (base.kind === 'pointer' ? unqualified(base.to) : base) : base;
        if (t.kind !== 'struct' && t.kind !== 'union') return [];
        return (t.layout.members ?? []).map((m) => m.name).filter((n) => n && n.startsWith(member[3]));
      } catch {
        return [];
      }
    }
    const prefix = /(\w*)$/.exec(text)?.[1] ?? '';
    const names = new Set<string>([...this.frameObjects(frame, this.positionOf(frame)).keys(), ...this.globals().map(([n]) => n), ...this.compiled.checked!.functions.keys()]);
    return [...names].filter((n) => n.startsWith(prefix)).sort();
  }

  describeAddress(address: number): PlaceDescription {
    return describePlace(this.machine, address);
  }

  readMemory(address: number, length: number): { readonly bytes: Uint8Array; readonly unreadable: number } {
    const mmu = this.machine.process.mmu;
    const out = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const at = address + done;
      const n = Math.min(PAGE_SIZE - (at % PAGE_SIZE), length - done);
      const bytes = peekMemory(mmu, at, n);
      if (!bytes) break;
      out.set(bytes, done);
      done += n;
    }
    return { bytes: out.subarray(0, done), unreadable: length - done };
  }

  writeMemory(address: number, bytes: Uint8Array): number {
    const readable = this.readMemory(address, bytes.length).bytes.length;
    if (readable > 0) this.debuggerWrite(address, bytes.subarray(0, readable));
    return readable;
  }

  // ---- values ----

  private inspect(name: string, v: DebugValue): InspectedValue {
    const m = this.machine;
    const mmu = m.process.mmu;
    const shadow = m.mem.shadow;
    const t = unqualified(v.type);
    const size = sizeOf(v.type) ?? 0;
    let value: string;
    let uninitialized = false;
    if (v.kind === 'object') {
      uninitialized = size > 0 && shadow.anyUndefined(v.address, size);
      if (v.bitField) {
        const bytes = peekMemory(mmu, v.address, Math.ceil((v.bitField.bitOffset + v.bitField.width) / 8));
        value = bytes ? String(this.evaluator(0).scalar(v)) : '<unreadable>';
        if (uninitialized) value = UNINITIALIZED;
      } else {
        value = formatValue(mmu, v.type, v.address, (a, n) => shadow.anyUndefined(a, n));
      }
    } else {
      value = formatBytes(mmu, v.type, v.bytes);
    }
    const base: InspectedValue = {
      name, type: typeToString(v.type), value, ...(uninitialized ? { uninitialized } : {}), expression: v.expression,
      ...(v.kind === 'object' ? { address: v.address, size, place: describePlace(m, v.address), assignable: isAssignable(v) } : {}),
    };
    if (t.kind === 'struct' || t.kind === 'union') return { ...base, children: { kind: 'c-members', value: v } as CKey };
    if (t.kind === 'array' && v.kind === 'object') return { ...base, children: { kind: 'c-elements', value: v } as CKey, indexedCount: Math.min(t.length ?? 0, MAX_ELEMENTS) };
    if (t.kind === 'pointer' && !uninitialized) {
      const address = Number(this.evaluator(0).scalar(v));
      const target = describePlace(m, address);
      const expandable = address !== 0 && (!target.invalid || target.text.startsWith('freed') || target.text.includes('returned'));
      return { ...base, target, ...(expandable ? { children: { kind: 'c-pointee', value: v } as CKey } : {}) };
    }
    return base;
  }

  /** The heap block a pointer points into, as a pseudo-variable: its size, chunk and state. */
  private blockValue(address: number): InspectedValue | undefined {
    const m = this.machine;
    const live = m.blocks.containing(address);
    const block = live ?? m.blocks.freedContaining(address);
    if (!block) return undefined;
    const chunk = chunkAt(m, block.ptr);
    const header = chunk ? `chunk at 0x${chunk.addr.toString(16)}, ${chunk.size} bytes with its header${chunk.flags ? ` (size field flags: ${chunk.flags.prevInuse ? 'P' : '-'}${chunk.flags.isMmapped ? 'M' : '-'}${chunk.flags.nonMainArena ? 'A' : '-'})` : ''}, ${chunk.state}${chunk.bin ? ` in ${chunk.bin.kind}` : ''}` : '';
    const state = live ? 'in use' : 'freed: this pointer dangles';
    return {
      name: '[heap block]', type: 'malloc block',
      value: `${block.size} bytes requested, ${state}${header ? `; ${header}` : ''}`,
      address: block.ptr, size: block.size, place: describePlace(m, block.ptr),
    };
  }

  private registers(frame: number): InspectedValue[] {
    const m = this.machine;
    const a = this.activation(frame)!;
    const stackFrame = m.process.callStack.frames.find((f) => f.rbp === a.rbp);
    const mmu = m.process.mmu;
    const word = (address: number) => {
      const bytes = peekMemory(mmu, address, 8);
      return bytes ? Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true)) : 0;
    };
    const reg = (name: string, value: number, type = 'void *'): InspectedValue => ({
      name, type, value: `0x${value.toString(16)}`, target: describePlace(m, value),
    });
    const rip = m.ripOf(a);
    const rsp = frame === 0 ? m.process.callStack.registers.rsp : stackFrame?.rsp ?? a.rbp;
    return [
      reg('rip', rip, 'void (*)()'),
      reg('rsp', rsp),
      reg('rbp', a.rbp),
      { ...reg('saved rbp', word(a.rbp)), address: a.rbp, size: 8, place: describePlace(m, a.rbp) },
      { ...reg('return address', word(a.rbp + 8), 'void (*)()'), address: a.rbp + 8, size: 8, place: describePlace(m, a.rbp + 8) },
    ];
  }

  // ---- names ----

  private evaluator(frame: number): ExpressionEvaluator {
    const here = this.positionOf(frame);
    const objects = this.activation(frame) ? this.frameObjects(frame, here) : new Map<string, DebugValue>();
    const compiled = this.compiled;
    const lookup: NameLookup = {
      object: (name) => objects.get(name) ?? this.fileObject(name),
      enumConstant: (name) => compiled.types?.scope.lookupEnumConstant(name),
      typeOf: (descriptor) => this.typeOf(descriptor),
    };
    return new ExpressionEvaluator(this.machine.process.mmu, lookup);
  }

  /** The locals, parameters and static locals visible in a frame at `here`, innermost declaration winning. */
  private frameObjects(frame: number, here: Position | undefined): Map<string, DebugValue> {
    const a = this.activation(frame);
    const out = new Map<string, DebugValue>();
    if (!a) return out;
    const checked = this.compiled.checked?.functions.get(a.fn.name);
    const candidates: { name: string; from: Position; value: () => DebugValue | undefined }[] = [];
    a.fn.slots.forEach((slot, k) => {
      if (slot.hidden || !visibleAt(slot.visible, here)) return;
      const from = slot.visible ? { line: slot.visible.startLine, column: slot.visible.startColumn } : { line: 0, column: 0 };
      candidates.push({ name: slot.name, from, value: () => this.slotValue(a, slot, k) });
    });
    for (const s of checked?.statics ?? []) {
      if (!visibleAt(s.visible, here)) continue;
      candidates.push({ name: s.name, from: { line: s.visible.startLine, column: s.visible.startColumn }, value: () => staticValue(s) });
    }
    // Later declarations are inner ones (a visible name declared later hides an earlier one).
    candidates.sort((x, y) => x.from.line - y.from.line || x.from.column - y.from.column);
    for (const c of candidates) {
      const v = c.value();
      if (v) out.set(c.name, v);
    }
    return out;
  }

  private slotValue(a: Activation, slot: LocalSlot, k: number): DebugValue | undefined {
    const holder = a.rbp + a.fn.offsets[k];
    if (!slot.holdsAddress) return { kind: 'object', type: slot.type, address: holder, expression: slot.name };
    // A variable-length array: its frame slot holds its address; the hidden bound slots its lengths.
    const read64 = (address: number) => {
      const bytes = peekMemory(this.machine.process.mmu, address, 8);
      return bytes ? Number(new DataView(bytes.buffer, bytes.byteOffset).getBigInt64(0, true)) : 0;
    };
    if (this.machine.mem.shadow.anyUndefined(holder, 8)) return undefined;
    const type = withRuntimeLengths(slot.type, (v) => read64(a.rbp + a.fn.offsets[v.slot]) + 1);
    return { kind: 'object', type, address: read64(holder), expression: slot.name };
  }

  private fileObject(name: string): DebugValue | undefined {
    const b = this.compiled.checked?.fileScope.lookup(name);
    if (b?.kind === 'object' && b.storage.kind === 'static') return { kind: 'object', type: b.type, address: b.storage.address, expression: name };
    if (b?.kind === 'function' && !b.library) return valueOf(pointerTo(b.type), BigInt(b.address), name);
    return undefined;
  }

  /** Every file-scope object of the program (globals and file-level statics), in address order. */
  private globals(): [string, DebugValue][] {
    const out: [string, DebugValue][] = [];
    for (const s of this.machine.process.image.symbols) {
      if (s.object.kind !== 'variable') continue;
      const v = this.fileObject(s.object.name);
      if (v) out.push([s.object.name, v]);
    }
    for (const fn of this.compiled.checked?.functions.values() ?? []) {
      for (const st of fn.statics) out.push([`${fn.name}::${st.name}`, { ...staticValue(st), expression: st.name }]);
    }
    return out;
  }

  private typeOf(descriptor: SyntaxNode): CType | string {
    const types = this.compiled.types;
    if (!types) return 'no type information';
    const before = types.diagnostics.length;
    const type = types.typeOfDescriptor(descriptor);
    const problems = types.diagnostics.splice(before);
    return problems.some((d) => d.severity === 'error') ? `No symbol table info for type: ${problems[0].message}` : type;
  }

  private parse(text: string): SyntaxNode {
    if (!text.trim()) throw new EvaluationError('an empty expression');
    if (text.length > 10_000) throw new EvaluationError('the expression is too long');
    const tree = this.parser.parse(`void __memory_atlas_evaluate__(void) {(\n${text}\n);}`);
    const statement = tree.rootNode.namedChild(0)?.childForFieldName('body')?.namedChild(0);
    const node = statement?.type === 'expression_statement' ? statement.namedChild(0)?.namedChild(0) : undefined;
    if (!node || tree.rootNode.hasError || tree.rootNode.namedChildCount !== 1) throw new EvaluationError(`A syntax error in expression, near '${text.trim()}'.`);
    return node;
  }

  // ---- where a frame is ----

  /** Activation of frame `frame` (0 = innermost). */
  private activation(frame: number): Activation | undefined {
    const acts = this.machine.acts;
    return acts[acts.length - 1 - frame];
  }

  private statementOf(actIndex: number): StatementInfo | undefined {
    const m = this.machine;
    if (actIndex === m.acts.length - 1) return this.innermostStatement();
    const a = m.acts[actIndex];
    return a.fn.statements[a.stmt];
  }

  private positionOf(frame: number): Position | undefined {
    if (!this.activation(frame)) return undefined;
    const statement = this.statementOf(this.machine.acts.length - 1 - frame);
    return statement ? { line: statement.range.startLine, column: statement.range.startColumn } : undefined;
  }
}

function visibleAt(range: LocalSlot['visible'], here: Position | undefined): boolean {
  if (!range || !here) return true;
  const after = here.line > range.startLine || (here.line === range.startLine && here.column >= range.startColumn);
  const before = here.line < range.endLine || (here.line === range.endLine && here.column < range.endColumn);
  return after && before;
}

function staticValue(s: StaticLocal): DebugValue {
  return { kind: 'object', type: s.type, address: s.address, expression: s.name };
}

function isAssignable(v: DebugValue): boolean {
  const t = v.type;
  return v.kind === 'object' && !t.isConst && t.kind !== 'array' && t.kind !== 'struct' && t.kind !== 'union' && t.kind !== 'function' && !v.bitField;
}

function parenthesized(expression: string): string {
  return /^[\w.]+(->\w+|\[\d+\])*$/.test(expression) ? expression : `(${expression})`;
}

