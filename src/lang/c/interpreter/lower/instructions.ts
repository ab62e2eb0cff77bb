import type { SourceRange } from '../../../../shared/diagnostics';
import type { PreparedCall } from '../../../../engine/stack/callStack';
import type { CallSite } from '../check/checkedTree';
import type { LibraryImpl } from '../builtins/libraryTable';
import type { Value, ValueKind } from '../values/valueKind';
import type { Store } from './kindOps';
import type { ObjectRef } from './objectBounds';
import type { VariadicFrame } from './lowerVarArgs';
import type { FunctionBody } from '../vm/functionBody';

/**
 * The flat instruction list each function is lowered to. Expressions without calls are compiled
 * into closures over the activation (`Eval`); every call is an instruction of its own, its result
 * landing in a temporary, so the VM never needs the JS stack to run C code and can stop between
 * any two instructions. `Stmt` marks where a statement (or a `for` header's expression) begins:
 * the only places execution pauses, and what a step counts.
 */
export const Op = { Stmt: 0, Exec: 1, Set: 2, Jump: 3, JumpIfFalse: 4, JumpIfTrue: 5, Call: 6, Return: 7, Switch: 8 } as const;

/** What compiled expressions run against: one activation (frame base, temporaries). */
export interface Activation {
  fn: LoweredFunction;
  pc: number;
  /** rbp of the frame in simulated stack memory; locals are at fixed offsets from it. */
  rbp: number;
  /** Temporaries: call results and values held across instructions (registers, as gcc -O0 has them). */
  t: Value[];
  /** The caller's temporary that receives the return value (-1: discarded). */
  resultTemp: number;
  /** Index of the statement being executed (the last Stmt passed). */
  stmt: number;
  /** Bit t set: temporary t holds a value computed from undefined bytes (memory checks only). */
  tt: number;
}

export type Compiled = (a: Activation) => Value;
export type Test = (a: Activation) => boolean;

export interface StatementInfo {
  readonly line: number;
  readonly range: SourceRange;
}

export type Instr =
  | { readonly op: typeof Op.Stmt; readonly index: number; readonly line: number }
  | { readonly op: typeof Op.Exec; readonly run: Compiled }
  | { readonly op: typeof Op.Set; readonly temp: number; readonly run: Compiled }
  | { readonly op: typeof Op.Jump; target: number }
  | { readonly op: typeof Op.JumpIfFalse | typeof Op.JumpIfTrue; readonly test: Test; target: number }
  | CallInstr
  | { readonly op: typeof Op.Return; readonly value?: Compiled }
  | { readonly op: typeof Op.Switch; readonly value: Compiled; readonly table: Map<number | bigint, number>; defaultTarget: number };

export interface CallInstr {
  readonly op: typeof Op.Call;
  /** A direct call to a function of the program. */
  readonly direct?: LoweredFunction;
  /** A direct call to a library function, and its name. */
  readonly library?: LibraryImpl;
  readonly libraryName?: string;
  /** For a library call: the declared object each pointer argument points into, when the expression says. */
  readonly argObjects?: readonly (ObjectRef | undefined)[];
  /** A call through a pointer: the callee's address. */
  readonly pointer?: Compiled;
  /** Argument values, evaluated right to left as gcc does. */
  readonly args: readonly Compiled[];
  readonly argKinds: readonly ValueKind[];
  /** Arguments from this index on went through `...` (default argument promotions). */
  readonly variadicFrom: number;
  readonly result: number;
  readonly site?: CallSite;
  readonly line: number;
  /** A direct call's argument values, reused at every execution (they are consumed by the call's prologue). */
  argBuffer?: Value[];
  /** The call expression, for a call to the program's own function (what "Step Into Target" lists). */
  readonly range?: SourceRange;
}

export interface LoweredFunction {
  readonly name: string;
  readonly address: number;
  readonly code: Instr[];
  readonly temps: number;
  readonly statements: readonly StatementInfo[];
  /** The frame as the call stack lays it out (slot names, sizes, types), laid out once at load. */
  readonly spec: PreparedCall;
  /** rbp offset of every slot (checked-tree slot index order). */
  readonly offsets: readonly number[];
  readonly slotKinds: readonly ValueKind[];
  /** Parameter slots, in order, with their value kinds. */
  readonly parameters: readonly { readonly offset: number; readonly kind: ValueKind; readonly size: number; store?: Store }[];
  /** Bytes below rbp holding locals (marked uninitialized at each call). */
  readonly localBytes: number;
  readonly returnKind: ValueKind;
  /** Approximate code size, to spread statement addresses over (the views show a rip). */
  readonly codeSize: number;
  /** Index into `slots` of each name, for snapshots. */
  readonly slots: readonly import('../check/checkedTree').LocalSlot[];
  readonly endLine: number;
  /** A function with `...`: where its prologue keeps the variadic arguments. */
  readonly variadic?: VariadicFrame;
  /** Its instructions compiled to one JS function (vm/functionBody.ts), made on its first call. */
  body?: FunctionBody;
  /** Activations of its returned calls, reused by its next calls (no allocation per call). */
  spare?: Activation[];
}
