import type { SourceRange } from '../../../../shared/diagnostics';
import type { BitField, CType } from '../../types';

/**
 * The checked, typed tree: what the checker makes of tree-sitter's syntax before anything runs.
 * Every name is resolved (a frame slot, an address in the image, a function), every implicit
 * conversion of C is an explicit node (lvalue-to-rvalue `load`, array and function `decay`,
 * `convert` for promotions and the usual arithmetic conversions), and pointer arithmetic carries
 * its element size. The lowering turns it into flat instructions without looking at C rules again.
 */

/** Where an object lives. */
export type Storage =
  | { readonly kind: 'local'; readonly slot: number }
  | { readonly kind: 'static'; readonly address: number }
  /** A variable-length array: below the frame, at the address its frame slot holds. */
  | { readonly kind: 'vla'; readonly slot: number };

export interface LocalSlot {
  readonly name: string;
  readonly type: CType;
  readonly size: number;
  readonly align: number;
  readonly isParameter: boolean;
  /** Hidden slots (compound literals, VLA bounds) have names in parentheses: `(literal)`. */
  readonly hidden?: boolean;
  /** The slot holds the address of a variable-length array (of `type`) allocated below the frame. */
  readonly holdsAddress?: boolean;
  /** A variadic function's register save area: the first thing below the saved rbp. */
  readonly saveArea?: boolean;
  readonly line: number;
  /**
   * The block that declares it: a debugger shows it at the statements inside (as gdb does with
   * DWARF's lexical blocks). Parameters: the whole body.
   */
  readonly visible?: SourceRange;
}

interface Base { readonly type: CType; readonly range: SourceRange }

export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '<<' | '>>' | '&' | '|' | '^';
export type CompareOp = '<' | '>' | '<=' | '>=' | '==' | '!=';

export type TExpr =
  | (Base & { readonly node: 'constant'; readonly value: number | bigint })
  /** An object designated by name: an lvalue. */
  | (Base & { readonly node: 'object'; readonly storage: Storage; readonly name: string })
  /** A function designator; `target` is the user function's name or the library function's. */
  | (Base & { readonly node: 'function'; readonly name: string; readonly address: number; readonly library: boolean })
  /** `*p`: an lvalue at the address p holds. */
  | (Base & { readonly node: 'deref'; readonly pointer: TExpr })
  /** `s.m` on an lvalue struct (an lvalue) or an rvalue struct (an rvalue). */
  | (Base & { readonly node: 'member'; readonly object: TExpr; readonly offset: number })
  /** `s.bits` for a bit-field member: its bits at `offset` (C11 6.7.2.1p10); its type carries the width. */
  | (Base & { readonly node: 'bitField'; readonly object: TExpr; readonly offset: number; readonly bits: BitField })
  /** Lvalue-to-rvalue conversion (C11 6.3.2.1p2): reads the object. */
  | (Base & { readonly node: 'load'; readonly lvalue: TExpr })
  /** `&lvalue`, and array/function decay to a pointer (C11 6.3.2.1p3-4). */
  | (Base & { readonly node: 'address'; readonly lvalue: TExpr })
  | (Base & { readonly node: 'convert'; readonly operand: TExpr })
  | (Base & { readonly node: 'binary'; readonly op: BinaryOp; readonly left: TExpr; readonly right: TExpr })
  | (Base & { readonly node: 'compare'; readonly op: CompareOp; readonly left: TExpr; readonly right: TExpr })
  /** pointer ± integer, scaled by the element size (C11 6.5.6p8); a VLA element's size is computed (`elementSizeOf`). */
  | (Base & { readonly node: 'pointerAdd'; readonly pointer: TExpr; readonly offset: TExpr; readonly elementSize: number; readonly elementSizeOf?: TExpr; readonly subtract: boolean })
  /** pointer - pointer: the difference in elements (C11 6.5.6p9). */
  | (Base & { readonly node: 'pointerDiff'; readonly left: TExpr; readonly right: TExpr; readonly elementSize: number; readonly elementSizeOf?: TExpr })
  | (Base & { readonly node: 'logical'; readonly op: '&&' | '||'; readonly left: TExpr; readonly right: TExpr })
  | (Base & { readonly node: 'unary'; readonly op: '-' | '~' | '!'; readonly operand: TExpr })
  | (Base & { readonly node: 'assign'; readonly target: TExpr; readonly value: TExpr })
  /**
   * `a op= b`: a is evaluated once; `value` computes (a op b) in the operation type reading
   * the old value through `current`, then the result converts back to a's type.
   */
  | (Base & { readonly node: 'compoundAssign'; readonly target: TExpr; readonly value: TExpr })
  /** The old value of the target of the enclosing compoundAssign/incDec (a placeholder). */
  | (Base & { readonly node: 'current' })
  /** `++a`, `a--`: value is the new value computed from `current`; `postfix` yields the old one. */
  | (Base & { readonly node: 'incDec'; readonly target: TExpr; readonly value: TExpr; readonly postfix: boolean })
  | (Base & { readonly node: 'conditional'; readonly condition: TExpr; readonly then: TExpr; readonly otherwise: TExpr })
  | (Base & { readonly node: 'comma'; readonly left: TExpr; readonly right: TExpr })
  | (Base & { readonly node: 'call'; readonly callee: TExpr; readonly args: readonly TExpr[]; readonly variadicFrom: number; readonly site?: CallSite })
  /** `va_start(ap, last)`: ap (a pointer to its __va_list_tag) set up for this call's `...` arguments. */
  | (Base & { readonly node: 'vaStart'; readonly list: TExpr })
  /** `va_arg(ap, T)`: the next argument of T's class, from the register save area or the stack. */
  | (Base & { readonly node: 'vaArg'; readonly list: TExpr })
  /** A compound literal or other object that an initializer fills, then used as an lvalue. */
  | (Base & { readonly node: 'initialized'; readonly object: TExpr; readonly init: readonly Init[] })
  /**
   * GNU C's statement expression `({ ...; e; })`: the statements run in order (a block: locals in
   * the function's frame, `saveStack` for its VLAs), then the value of its last expression
   * statement `value` (written at `valueRange`), lvalue-converted; void without one.
   */
  | (Base & { readonly node: 'statements'; readonly body: readonly TStmt[]; readonly saveStack?: boolean; readonly value?: TExpr; readonly valueRange?: SourceRange });

/** What a call needs to know about where it is written (assert prints it). */
export interface CallSite {
  readonly text: string;
  readonly line: number;
  readonly functionName: string;
}

/** One step of initializing an object: zero it, or store one scalar / copy one aggregate at an offset. */
export type Init =
  | { readonly kind: 'zero'; readonly offset: number; readonly size: number }
  | { readonly kind: 'store'; readonly offset: number; readonly type: CType; readonly value: TExpr; readonly bits?: BitField }
  | { readonly kind: 'bytes'; readonly offset: number; readonly bytes: Uint8Array };

export type TStmt =
  | { readonly stmt: 'expr'; readonly range: SourceRange; readonly expr: TExpr }
  | { readonly stmt: 'init'; readonly range: SourceRange; readonly object: TExpr; readonly init: readonly Init[] }
  /** `saveStack`: the block declares VLAs, so rsp is saved on entry and restored on every way out. */
  | { readonly stmt: 'block'; readonly body: readonly TStmt[]; readonly saveStack?: boolean }
  /** A VLA's declaration: its lengths evaluated, then `size` bytes taken from the stack (C11 6.2.4p7). */
  | { readonly stmt: 'vla'; readonly range: SourceRange; readonly slot: number; readonly lengths: readonly TExpr[]; readonly size: TExpr; readonly align: number }
  | { readonly stmt: 'if'; readonly range: SourceRange; readonly condition: TExpr; readonly then: TStmt; readonly otherwise?: TStmt }
  | { readonly stmt: 'while'; readonly range: SourceRange; readonly condition: TExpr; readonly body: TStmt }
  | { readonly stmt: 'doWhile'; readonly range: SourceRange; readonly condition: TExpr; readonly body: TStmt }
  | {
      readonly stmt: 'for'; readonly range: SourceRange;
      readonly init?: TStmt; readonly condition?: TExpr; readonly conditionRange?: SourceRange;
      readonly update?: TExpr; readonly updateRange?: SourceRange; readonly body: TStmt;
    }
  | { readonly stmt: 'switch'; readonly range: SourceRange; readonly value: TExpr; readonly body: TStmt; readonly cases: readonly SwitchCase[] }
  | { readonly stmt: 'case'; readonly id: number; readonly body: TStmt }
  | { readonly stmt: 'break'; readonly range: SourceRange }
  | { readonly stmt: 'continue'; readonly range: SourceRange }
  | { readonly stmt: 'return'; readonly range: SourceRange; readonly value?: TExpr }
  | { readonly stmt: 'goto'; readonly range: SourceRange; readonly label: string }
  | { readonly stmt: 'label'; readonly label: string; readonly body: TStmt }
  | { readonly stmt: 'empty' };

/** A `case` label's value (undefined for `default`) and the id of the labelled statement. */
export interface SwitchCase {
  readonly value?: number | bigint;
  readonly id: number;
}

export interface CheckedFunction {
  readonly name: string;
  readonly type: CType & { kind: 'function' };
  readonly address: number;
  readonly slots: readonly LocalSlot[];
  /** Slot indexes of the parameters, in order. */
  readonly parameters: readonly number[];
  /** Evaluated on entry, before the first statement: the lengths of VLA parameters. */
  readonly entry: readonly TExpr[];
  readonly body: TStmt;
  readonly range: SourceRange;
  /** The closing brace: where `}` returns when control falls off the end. */
  readonly endRange: SourceRange;
  /** Its static locals, where they are visible (what a debugger shows beside the frame's slots). */
  readonly statics: readonly StaticLocal[];
}

export interface StaticLocal {
  readonly name: string;
  readonly type: CType;
  readonly address: number;
  readonly visible: SourceRange;
}
