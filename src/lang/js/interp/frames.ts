import type * as acorn from 'acorn';
import type { Scope } from './scope';
import type { JsFunction, JsObject, JsValue } from './values';

/**
 * One call in progress, as the debugger shows it: the function, the statement it is at, its
 * scope chain and `this`. `temps` are the objects its statement in progress made or got back
 * from calls and has not stored yet: the heap treats them as roots (V8's handles) so that a
 * collection in the middle of an expression keeps them.
 */
export interface Frame {
  readonly name: string;
  readonly fn: JsFunction | undefined;
  /** The scope of the function's body (its parameters and top-level declarations). */
  readonly scope: Scope;
  /** The innermost scope now (a block inside the body). */
  current: Scope;
  statement: acorn.Node | undefined;
  readonly thisValue: () => JsValue;
  temps: JsObject[];
}
