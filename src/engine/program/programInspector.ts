import type { SourceRange } from '../../shared/diagnostics';

/** An opaque handle a language gives out for a value's children; only its own inspector reads it. */
export interface ChildrenKey {
  readonly kind: string;
}

/** Where an address is, in the words a hover shows ("heap, 64-byte block allocated at line 5"). */
export interface PlaceDescription {
  readonly address: number;
  /** The region (stack, heap, .data, .rodata, mmap...), with the frame, symbol or block in it. */
  readonly text: string;
  /** Nothing may be read there: a freed block, a returned frame, NULL, an unmapped page. */
  readonly invalid?: boolean;
}

/**
 * One value as the debugger shows it: in the Variables view, a hover, a watch, the Debug Console.
 * Text is formatted the way the language's own debugger prints it (gdb for C, node for JS).
 */
export interface InspectedValue {
  readonly name: string;
  readonly type: string;
  readonly value: string;
  /** The object's address in simulated memory (a memoryReference; what a data breakpoint watches). */
  readonly address?: number;
  readonly size?: number;
  /** Some byte of it was never written (Memcheck's "uninitialised"): the value is not meaningful. */
  readonly uninitialized?: boolean;
  /** Where the object itself lives. */
  readonly place?: PlaceDescription;
  /** For a pointer (or reference): where it points. */
  readonly target?: PlaceDescription;
  /** Set when the value has members, elements or a pointee to show. */
  readonly children?: ChildrenKey;
  /** How many indexed children it has (array elements), when it has them. */
  readonly indexedCount?: number;
  /** An expression that names this value in the frame it was found in (for watches and setVariable). */
  readonly expression?: string;
  /** It can be assigned (an lvalue of a writable type). */
  readonly assignable?: boolean;
}

export interface InspectedScope {
  readonly name: string;
  readonly kind: 'locals' | 'arguments' | 'globals' | 'registers' | 'closure' | 'this';
  readonly values: readonly InspectedValue[];
  /** Many values, worth fetching only when the user opens it. */
  readonly expensive?: boolean;
}

export interface InspectedFrame {
  /** The function's name as the language prints it. */
  readonly name: string;
  readonly line: number;
  readonly range?: SourceRange;
  /** The address execution is at in this frame (rip), for the disassembly-less memory views. */
  readonly instructionAddress?: number;
}

/** What a failed evaluation or assignment says, in the debugger's words. */
export interface InspectionError {
  readonly error: string;
}

/** What evaluate/assign may be asked for: a hover is quiet, a REPL may be verbose. */
export type EvaluationContext = 'hover' | 'watch' | 'repl' | 'condition';

/**
 * The debugger's window onto a paused program. Frames are numbered innermost first from 0. Reads
 * are quiet: inspecting a program never changes what it does next (no faults, no TLB traffic).
 * Assignments change the program; the session treats them as a new branch of its history.
 */
export interface ProgramInspector {
  frames(): readonly InspectedFrame[];
  scopes(frame: number): readonly InspectedScope[];
  children(key: ChildrenKey): readonly InspectedValue[];
  evaluate(expression: string, frame: number, context: EvaluationContext): InspectedValue | InspectionError;
  /** A breakpoint condition: true when the expression holds, as the language's `if` tests it. */
  condition(expression: string, frame: number): boolean | InspectionError;
  /** Assigns `value` (an expression) to the lvalue `target`; returns the new value. */
  assign(target: string, value: string, frame: number): InspectedValue | InspectionError;
  /** Names visible in the frame that start with `prefix` (variables, members after `.`/`->`). */
  completions(text: string, frame: number): readonly string[];
  /** Which region, frame, symbol or heap block holds `address`. */
  describeAddress(address: number): PlaceDescription;
  /** Bytes as the program would read them, or undefined where nothing is mapped (never faults). */
  readMemory(address: number, length: number): { readonly bytes: Uint8Array; readonly unreadable: number };
  /** Writes bytes as a debugger does (ptrace): defined, through read-only protection; returns how many were written. */
  writeMemory(address: number, bytes: Uint8Array): number;
}

export function isInspectionError<T>(v: T | InspectionError): v is InspectionError {
  return typeof v === 'object' && v !== null && typeof (v as InspectionError).error === 'string';
}
