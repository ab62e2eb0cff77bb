import type { Process } from '../../../engine/process';
import { writeBitField } from '../bitFieldBits';
import type { CompiledProgram } from './compileProgram';
import type { CallInstr, LoweredFunction, Activation } from './lower/instructions';
import { lowerFunction } from './lower/lowerFunction';
import { type LowerContext, lowerValue } from './lower/lowerExpression';
import type { LibraryImpl } from './builtins/libraryTable';
import { LIBRARY_OBJECTS } from './builtins/libraryObjects';
import { type Value, type ValueKind, valueKind } from './values/valueKind';
import type { VmMemory } from './vm/vmMemory';

export interface LoadedProgram {
  readonly functions: ReadonlyMap<string, LoweredFunction>;
  readonly main: LoweredFunction;
  readonly libraryByAddress: ReadonlyMap<number, LibraryImpl>;
}

/**
 * What the loader and libc's start-up do before main: lower every function against the VM's
 * memory, write each initialized static object's bytes into the image (the loader's copy of
 * .data/.rodata), and set libc's stdin/stdout/stderr variables.
 */
export function loadProgram(program: CompiledProgram, process: Process, mem: VmMemory): LoadedProgram {
  const loaded = lowerProgram(program, mem);
  initializeImage(program, process, mem);
  return loaded;
}

/** Lowers every function; the code is bound to `mem`, whose MMU may be swapped later. */
export function lowerProgram(program: CompiledProgram, mem: VmMemory): LoadedProgram {
  const checked = program.checked;
  if (!checked) throw new Error('internal: loading a program that has errors');
  const directCalls: { instr: CallInstr; name: string }[] = [];
  const functions = new Map<string, LoweredFunction>();
  for (const fn of checked.functions.values()) functions.set(fn.name, lowerFunction(fn, mem, checked.library, directCalls));
  for (const { instr, name } of directCalls) {
    const target = functions.get(name);
    if (!target) throw new Error(`internal: call to ${name}, which has no body`);
    (instr as { direct?: LoweredFunction }).direct = target;
  }
  const main = functions.get('main');
  if (!main) throw new Error('internal: no main');
  const libraryByAddress = new Map<number, LibraryImpl>();
  for (const fn of checked.library.values()) libraryByAddress.set(fn.address, fn.impl);
  return { functions, main, libraryByAddress };
}

/** The loader's work: the initial bytes of static objects, string literals and libc's stream pointers. */
export function initializeImage(program: CompiledProgram, process: Process, mem: VmMemory): void {
  const checked = program.checked!;
  const cx: LowerContext = { mem, code: [], offsets: [], library: checked.library, directCalls: [], temps: 0, currentTemps: [], line: 0, vlaScopes: [] };
  const loader: Activation = { fn: undefined as unknown as LoweredFunction, pc: 0, rbp: 0, t: [], resultTemp: -1, stmt: 0, tt: 0 };
  for (const s of checked.staticInits) {
    const bytes = new Uint8Array(s.size);
    const view = new DataView(bytes.buffer);
    for (const step of s.init) {
      if (step.kind === 'zero') continue;
      if (step.kind === 'bytes') bytes.set(step.bytes.subarray(0, Math.max(0, s.size - step.offset)), step.offset);
      else if (step.bits) writeBitField(bytes, step.offset, step.bits, lowerValue(cx, step.value)(loader) as number | bigint);
      else encode(view, step.offset, valueKind(step.type), lowerValue(cx, step.value)(loader));
    }
    if (bytes.some((b) => b !== 0)) process.mmu.kernelWrite(s.address, bytes);
  }
  for (const literal of checked.literals) process.mmu.kernelWrite(literal.address, literal.bytes);
  for (const object of new Set([...Object.values(LIBRARY_OBJECTS), ...checked.streamPointers.values()])) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setBigUint64(0, BigInt(object.value), true);
    process.mmu.kernelWrite(object.address, bytes);
  }
}

/** A value's bytes as the program's memory holds them (little-endian). */
export function encode(view: DataView, offset: number, kind: ValueKind, v: Value): void {
  switch (kind) {
    case 'i8': case 'u8': case 'bool': view.setUint8(offset, (v as number) & 255); return;
    case 'i16': case 'u16': view.setUint16(offset, (v as number) & 0xffff, true); return;
    case 'i32': case 'u32': view.setUint32(offset, (v as number) >>> 0, true); return;
    case 'i64': case 'u64': case 'ptr': view.setBigUint64(offset, BigInt.asUintN(64, BigInt(v as number | bigint)), true); return;
    case 'f32': view.setFloat32(offset, v as number, true); return;
    case 'f64': view.setFloat64(offset, v as number, true); return;
    case 'record': new Uint8Array(view.buffer).set(v as Uint8Array, offset); return;
    case 'void': return;
  }
}
