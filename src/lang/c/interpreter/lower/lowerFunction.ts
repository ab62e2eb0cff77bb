import type { SourceRange } from '../../../../shared/diagnostics';
import type { SlotSpec } from '../../../../engine/stack/frameLayout';
import { layoutFrame } from '../../../../engine/stack/frameLayout';
import { prepareCall } from '../../../../engine/stack/callStack';
import { pointerTo, typeToString } from '../../types';
import type { CheckedFunction, LocalSlot, TExpr, TStmt } from '../check/checkedTree';
import { isLvalue } from '../check/conversions';
import type { LibraryFunction } from '../builtins/libraryTable';
import { type ValueKind, valueKind } from '../values/valueKind';
import type { VmMemory } from '../vm/vmMemory';
import { type Activation, type CallInstr, type Instr, type LoweredFunction, Op, type StatementInfo } from './instructions';
import { type LowerContext, compileInit, emitCall, emitInit, hasCall, lowerAddress, lowerValue, readTemp } from './lowerExpression';
import { emitStackRestore, emitStackSave, emitVlaDeclaration } from './lowerStackAllocation';
import { lowerStatementExpression } from './lowerStatementExpression';
import { formOf, testForm, withForm } from './inlineForms';
import type { VariadicFrame } from './lowerVarArgs';
import { alignUp } from '../../../../engine/addressSpace/layout';
import { SSE_SAVE_START } from '../../vaList';

interface JumpTargets {
  readonly breaks: { target: number }[];
  readonly continues: { target: number }[];
  /** How many blocks with VLAs enclose the break and continue targets (a jump out restores rsp). */
  readonly breakDepth: number;
  readonly continueDepth: number;
}

/**
 * Lowers one checked function to its instruction list. Each statement starts with a Stmt marker
 * (the places a step stops, as gdb stops at lines); `return` jumps to the epilogue, which stops
 * once more at the closing brace before returning, as stepping through gcc -O0 code does.
 */
export function lowerFunction(
  fn: CheckedFunction, mem: VmMemory, library: ReadonlyMap<string, LibraryFunction>, directCalls: { instr: CallInstr; name: string }[],
): LoweredFunction {
  const { spec, offsets, parameters, localBytes, variadic } = frameOf(fn);
  const code: Instr[] = [];
  const statements: StatementInfo[] = [];
  // Where break and continue go from the statement being lowered (and from statement expressions in it).
  let jumpsHere: JumpTargets = { breaks: [], continues: [], breakDepth: 0, continueDepth: 0 };
  const cx: LowerContext = {
    mem, code, offsets, slots: fn.slots, functionName: fn.name, library, directCalls, temps: 1, currentTemps: [], line: fn.range.startLine, vlaScopes: [], variadic,
    statements: { statement: (s) => statement(s, jumpsHere), mark: (range) => mark(range), effect: (e) => effect(e) },
  };
  const returnKind = valueKind(fn.type.returns);
  const RESULT = 0; // temporary 0 holds the return value on its way to the epilogue
  const returns: { target: number }[] = [];
  const labels = new Map<string, { at: number; vlaScopes: readonly number[] }>();
  const gotos: { target: number; label: string; vlaScopes: readonly number[]; restore: { temp: number } }[] = [];
  const caseTargets = new Map<number, number>();
  const switches: { instr: Extract<Instr, { op: typeof Op.Switch }>; cases: readonly { value?: number | bigint; id: number }[] }[] = [];

  const mark = (range: SourceRange) => {
    cx.line = range.startLine;
    statements.push({ line: range.startLine, range });
    code.push({ op: Op.Stmt, index: statements.length - 1, line: range.startLine });
  };
  const jump = (list: { target: number }[], vlaDepth: number) => {
    // Leaving blocks with VLAs gives their stack back (rsp as the outermost one left had it).
    if (cx.vlaScopes.length > vlaDepth) emitStackRestore(cx, cx.vlaScopes[vlaDepth]);
    const instr = { op: Op.Jump, target: -1 } as { op: typeof Op.Jump; target: number };
    code.push(instr);
    list.push(instr);
  };
  const test = (e: TExpr, whenTrue: boolean) => {
    const c = lowerValue(cx, e);
    const instr = { op: whenTrue ? Op.JumpIfTrue : Op.JumpIfFalse, test: withForm((a: Activation) => c(a) !== 0, testForm(formOf(c))), target: -1 } as Instr & { target: number };
    code.push(instr);
    return instr;
  };
  const effect = (e: TExpr) => {
    const inner = e.node === 'convert' && e.type.kind === 'void' ? e.operand : e;
    if (inner.node === 'call') emitCall(cx, inner, -1);
    // A discarded lvalue (`x;`, `*p;`, `a[i++];`): gcc -O0 evaluates its operands and loads
    // nothing from a non-volatile object, so neither do we (no load, no memory check).
    else if (inner.node === 'object') return;
    else if (inner.node === 'bitField') effect(inner.object);
    else if (inner.node === 'statements') lowerStatementExpression(cx, inner, true);
    else if (isLvalue(inner)) code.push({ op: Op.Exec, run: lowerAddress(cx, inner) });
    else code.push({ op: Op.Exec, run: lowerValue(cx, inner) });
  };
  const patch = (list: { target: number }[], target: number) => list.forEach((j) => { j.target = target; });
  const loopTargets = (): JumpTargets => ({ breaks: [], continues: [], breakDepth: cx.vlaScopes.length, continueDepth: cx.vlaScopes.length });

  const statement = (s: TStmt, jumps: JumpTargets): void => {
    const outer = jumpsHere;
    jumpsHere = jumps;
    try {
      lowerStatement(s, jumps);
    } finally {
      jumpsHere = outer;
    }
  };
  const lowerStatement = (s: TStmt, jumps: JumpTargets): void => {
    switch (s.stmt) {
      case 'empty': return;
      case 'expr':
        mark(s.range);
        effect(s.expr);
        return;
      case 'init': {
        mark(s.range);
        const object = lowerAddress(cx, s.object);
        if (s.init.some((i) => i.kind === 'store' && hasCall(i.value))) emitInit(cx, object, s.init);
        else {
          const init = compileInit(cx, s.init);
          code.push({ op: Op.Exec, run: (a) => { init(a, object(a)); return undefined; } });
        }
        return;
      }
      case 'block': {
        if (!s.saveStack) {
          for (const inner of s.body) statement(inner, jumps);
          return;
        }
        const saved = emitStackSave(cx);
        cx.vlaScopes.push(saved);
        for (const inner of s.body) statement(inner, jumps);
        cx.vlaScopes.pop();
        emitStackRestore(cx, saved);
        return;
      }
      case 'vla':
        mark(s.range);
        emitVlaDeclaration(cx, s, fn.slots[s.slot], effect);
        return;
      case 'if': {
        mark(s.range);
        const toElse = test(s.condition, false);
        statement(s.then, jumps);
        if (s.otherwise) {
          const toEnd = { op: Op.Jump, target: -1 } as { op: typeof Op.Jump; target: number };
          code.push(toEnd);
          toElse.target = code.length;
          statement(s.otherwise, jumps);
          toEnd.target = code.length;
        } else {
          toElse.target = code.length;
        }
        return;
      }
      case 'while': {
        const top = code.length;
        mark(s.range);
        const exit = test(s.condition, false);
        const inner = loopTargets();
        statement(s.body, inner);
        code.push({ op: Op.Jump, target: top });
        exit.target = code.length;
        patch(inner.continues, top);
        patch(inner.breaks, code.length);
        return;
      }
      case 'doWhile': {
        const top = code.length;
        const inner = loopTargets();
        statement(s.body, inner);
        patch(inner.continues, code.length);
        mark(s.range);
        test(s.condition, true).target = top;
        patch(inner.breaks, code.length);
        return;
      }
      case 'for': {
        if (s.init) statement(s.init, jumps);
        const top = code.length;
        let exit: { target: number } | undefined;
        if (s.condition) {
          mark(s.conditionRange!);
          exit = test(s.condition, false);
        } else {
          // `for (;;)` still stops at its header each time round, so an endless loop is steppable.
          mark(s.range);
        }
        const inner = loopTargets();
        statement(s.body, inner);
        patch(inner.continues, code.length);
        if (s.update) {
          mark(s.updateRange!);
          effect(s.update);
        }
        code.push({ op: Op.Jump, target: top });
        if (exit) exit.target = code.length;
        patch(inner.breaks, code.length);
        return;
      }
      case 'switch': {
        mark(s.range);
        const value = lowerValue(cx, s.value);
        const instr = { op: Op.Switch, value, table: new Map(), defaultTarget: -1 } as Extract<Instr, { op: typeof Op.Switch }>;
        code.push(instr);
        switches.push({ instr, cases: s.cases });
        const inner: JumpTargets = { breaks: [], continues: jumps.continues, breakDepth: cx.vlaScopes.length, continueDepth: jumps.continueDepth };
        statement(s.body, inner);
        patch(inner.breaks, code.length);
        const end = code.length;
        for (const c of s.cases) {
          const target = caseTargets.get(c.id)!;
          if (c.value === undefined) instr.defaultTarget = target;
          else instr.table.set(c.value, target);
        }
        if (instr.defaultTarget < 0) instr.defaultTarget = end;
        return;
      }
      case 'case':
        caseTargets.set(s.id, code.length);
        statement(s.body, jumps);
        return;
      case 'break':
        mark(s.range);
        jump(jumps.breaks, jumps.breakDepth);
        return;
      case 'continue':
        mark(s.range);
        jump(jumps.continues, jumps.continueDepth);
        return;
      case 'return':
        mark(s.range);
        if (s.value) {
          const call = s.value.node === 'call' ? s.value : undefined;
          if (call) emitCall(cx, call, RESULT);
          else code.push({ op: Op.Set, temp: RESULT, run: lowerValue(cx, s.value) });
        }
        jump(returns, Infinity); // `leave` puts rsp back whatever was allocated
        return;
      case 'goto': {
        mark(s.range);
        // Whether the jump leaves blocks with VLAs is known once the label is lowered.
        const restore = { temp: -1 };
        if (cx.vlaScopes.length > 0) emitStackRestore(cx, restore);
        const instr = { op: Op.Jump, target: -1 } as { op: typeof Op.Jump; target: number };
        code.push(instr);
        gotos.push(Object.assign(instr, { label: s.label, vlaScopes: [...cx.vlaScopes], restore }));
        return;
      }
      case 'label':
        labels.set(s.label, { at: code.length, vlaScopes: [...cx.vlaScopes] });
        statement(s.body, jumps);
        return;
    }
  };

  // main returns 0 when control reaches its closing brace (C11 5.1.2.2.3); other functions
  // return whatever was in eax, which we model as 0.
  code.push({ op: Op.Set, temp: RESULT, run: () => (returnKind === 'f32' || returnKind === 'f64' || returnKind === 'record' || returnKind === 'void' ? zeroOf(returnKind, fn) : 0) });
  for (const e of fn.entry) effect(e);
  statement(fn.body, { breaks: [], continues: [], breakDepth: 0, continueDepth: 0 });
  patch(returns, code.length);
  mark(fn.endRange);
  code.push({ op: Op.Return, value: readTemp(cx, RESULT) });
  for (const g of gotos) {
    const label = labels.get(g.label);
    g.target = label?.at ?? code.length - 1;
    let shared = 0;
    while (label && shared < label.vlaScopes.length && label.vlaScopes[shared] === g.vlaScopes[shared]) shared++;
    if (shared < g.vlaScopes.length) g.restore.temp = g.vlaScopes[shared];
  }

  const leaf = !code.some((i) => i.op === Op.Call);
  return {
    name: fn.name,
    address: fn.address,
    code,
    temps: cx.temps,
    statements,
    spec: prepareCall({ ...spec, leaf }),
    offsets,
    slotKinds: fn.slots.map((s) => valueKind(s.type)),
    parameters,
    localBytes,
    returnKind,
    codeSize: 16 + statements.length * 12,
    slots: fn.slots,
    endLine: fn.endRange.startLine,
    variadic,
  };
}

function zeroOf(kind: ValueKind, fn: CheckedFunction) {
  if (kind === 'record') return new Uint8Array((fn.type.returns as { layout: { size: number } }).layout.size);
  if (kind === 'void') return undefined;
  return 0;
}

/**
 * The frame of the function as gcc -O0 lays it out (engine/stack/frameLayout.ts): locals in
 * declaration order, then the register parameters spilled by the prologue; parameters beyond
 * the six integer / eight SSE argument registers, and structs over 16 bytes, are passed in memory.
 */
function frameOf(fn: CheckedFunction) {
  const locals: SlotSpec[] = [];
  const registerParams: SlotSpec[] = [];
  const stackParams: SlotSpec[] = [];
  const localIndex: number[] = [];
  const registerIndex: number[] = [];
  const stackIndex: number[] = [];
  let gp = 0;
  let sse = 0;
  fn.slots.forEach((slot: LocalSlot, i) => {
    // A VLA's slot holds its address; the array itself is added to the frame when allocated.
    const spec: SlotSpec = slot.holdsAddress
      ? { name: `(address of ${slot.name})`, size: slot.size, align: slot.align, typeName: typeToString(pointerTo(slot.type)) }
      : { name: slot.name, size: slot.size, align: slot.align, typeName: typeToString(slot.type) };
    if (!slot.isParameter) {
      // gcc -O0 puts a variadic function's register save area right below the saved rbp.
      if (slot.saveArea) {
        locals.unshift(spec);
        localIndex.unshift(i);
      } else {
        locals.push(spec);
        localIndex.push(i);
      }
      return;
    }
    const kind = valueKind(slot.type);
    const isSse = kind === 'f32' || kind === 'f64';
    const gpNeeded = kind === 'record' ? Math.ceil(slot.size / 8) : isSse ? 0 : 1;
    const inRegisters = kind === 'record' ? slot.size <= 16 && gp + gpNeeded <= 6 : isSse ? sse < 8 : gp < 6;
    if (inRegisters) {
      gp += gpNeeded;
      if (isSse) sse++;
      registerParams.push(spec);
      registerIndex.push(i);
    } else {
      stackParams.push(spec);
      stackIndex.push(i);
    }
  });
  const layout = layoutFrame(locals, registerParams, stackParams, false);
  const offsets: number[] = new Array(fn.slots.length).fill(0);
  const order = [...localIndex, ...registerIndex, ...stackIndex];
  layout.slots.forEach((placed, k) => { offsets[order[k]] = placed.offset; });
  const parameters = fn.parameters.map((i) => ({ offset: offsets[i], kind: valueKind(fn.slots[i].type), size: fn.slots[i].size }));
  const saveArea = fn.slots.findIndex((slot) => slot.saveArea);
  const variadic: VariadicFrame | undefined = saveArea < 0 ? undefined : {
    gpOffset: 8 * gp, fpOffset: SSE_SAVE_START + 16 * sse, saveAreaOffset: offsets[saveArea],
    overflowOffset: 16 + stackParams.reduce((bytes, p) => bytes + alignUp(p.size, 8), 0),
  };
  return {
    spec: { functionName: fn.name, entryAddress: fn.address, locals, parameters: registerParams, stackArguments: stackParams },
    offsets,
    parameters,
    localBytes: layout.localBytes,
    variadic,
  };
}
