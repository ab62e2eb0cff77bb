import type { Diagnostic } from '../../../../shared/diagnostics';
import type { TypeResolver } from '../../declarations';
import type { SyntaxNode } from '../../parser';
import { nodeRange } from '../../syntaxDiagnostics';
import type { CType } from '../../types';
import type { Init, LocalSlot, SwitchCase } from './checkedTree';
import type { ObjectScope } from './scope';
import type { StaticLocal } from './checkedTree';
import type { PendingLength } from './variableLengths';

/** Thrown to abandon checking one expression or statement after its diagnostic was reported. */
export class CheckAbandoned extends Error {}

/** What the expression, initializer and statement checkers share while checking one file. */
export interface CheckContext {
  readonly types: TypeResolver;
  readonly diagnostics: Diagnostic[];
  scope: ObjectScope;
  /** The function being checked: its frame slots grow as declarations are met. */
  readonly fn?: FunctionContext;
  /** The address of a string literal in .rodata (the image placed it). */
  literalAddress(node: SyntaxNode): number | undefined;
  /** A compound literal at file scope: the address of the unnamed object the image placed for it, which the loader initializes with `init`. */
  fileScopeLiteral?(node: SyntaxNode, size: number, init: readonly Init[]): number | undefined;
  /** A function this file defines further down: its address and declared return type (for C89's implicit declarations). */
  laterFunction?(name: string): { readonly address: number; readonly returns: CType | undefined } | undefined;
}

/** Where break and continue may go, and the innermost switch's case labels. */
export interface Jumps {
  readonly inLoop: boolean;
  readonly inSwitch: boolean;
  readonly cases?: SwitchCase[];
  /** How many VLAs were in scope at the innermost switch (a case label may not be in the scope of another). */
  readonly switchVlas?: number;
  /** How many statement expressions enclosed the innermost switch (a case label may not be inside another). */
  readonly switchStatementExpressions?: number;
}

export interface FunctionContext {
  readonly name: string;
  readonly returns: CType;
  readonly slots: LocalSlot[];
  /** Static locals declared in this function, by the position of their name. */
  staticAddress(nameNode: SyntaxNode): number | undefined;
  /** Labels defined in the function (goto may jump forward), with the VLAs in scope at each. */
  readonly labels: Map<string, readonly number[]>;
  readonly gotos: { label: string; node: SyntaxNode; vlas: readonly number[]; statementExpressions: readonly number[] }[];
  /** The statement expressions enclosing each label (ids, outermost first): a goto may not jump into one. */
  readonly labelStatementExpressions: Map<string, readonly number[]>;
  /** The statement expressions enclosing the point being checked (ids, innermost last), and how many were met. */
  readonly statementExpressions: number[];
  statementExpressionCount: number;
  /** The jumps of the statement being checked: what a statement expression in it may break or continue to. */
  jumps?: Jumps;
  /** VLA lengths met by the type resolver whose size expressions are not checked yet. */
  readonly pendingLengths: PendingLength[];
  /** For a function with `...`: its register save area's slot and the last named parameter. */
  readonly variadic?: { readonly saveAreaSlot: number; readonly lastParameter?: string };
  /** The VLAs in scope at this point of the function (ids, innermost last), and how many were declared. */
  readonly liveVlas: number[];
  vlaCount: number;
  /** Static locals declared so far, with where they are visible. */
  readonly statics: StaticLocal[];
  /** The innermost block being checked (a debugger shows its locals throughout it, as gdb does). */
  block?: { readonly startLine: number; readonly startColumn: number; readonly endLine: number; readonly endColumn: number };
  /** Initializers of static locals: run by the loader, before main (C11 6.2.4p3). */
  readonly staticInits: { name: string; address: number; size: number; init: readonly Init[] }[];
}

/** Reports an error at `node` and abandons the construct being checked. */
export function fail(ctx: CheckContext, node: SyntaxNode, code: string, message: string): never {
  report(ctx, node, code, message);
  throw new CheckAbandoned(message);
}

/** Reports an error at `node`; checking goes on. */
export function report(ctx: CheckContext, node: SyntaxNode, code: string, message: string): void {
  ctx.diagnostics.push({ severity: 'error', code, message, range: nodeRange(node) });
}

/**
 * Abandons the construct without a diagnostic: what is wrong with it was already reported where
 * it was declared (a failed declaration, a struct whose body had errors).
 */
export function followOn(what: string): never {
  throw new CheckAbandoned(`follow-on of an earlier error: ${what}`);
}

/** The number of errors reported so far (to tell whether a declaration added some). */
export function errorCount(ctx: CheckContext): number {
  let n = 0;
  for (const d of ctx.diagnostics) if (d.severity === 'error') n++;
  return n;
}

/** `unsupported` diagnostics always name the construct. */
export function unsupported(ctx: CheckContext, node: SyntaxNode, what: string): never {
  return fail(ctx, node, 'unsupported', `${what} is not supported yet`);
}

export function warn(ctx: CheckContext, node: SyntaxNode, code: string, message: string): void {
  ctx.diagnostics.push({ severity: 'warning', code, message, range: nodeRange(node) });
}

export function namedChildren(node: SyntaxNode): SyntaxNode[] {
  return node.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
}

export function field(node: SyntaxNode, name: string): SyntaxNode {
  const child = node.childForFieldName(name);
  if (!child) throw new CheckAbandoned(`internal: ${node.type} has no ${name}`);
  return child;
}
