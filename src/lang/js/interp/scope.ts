import type { JsFunction, JsObject, JsValue, PrivateName } from './values';
import type { Frame } from './frames';

export type BindingKind = 'var' | 'let' | 'const' | 'function' | 'param' | 'class' | 'catch' | 'import';

/** A variable: its value, and whether its declaration has run yet (let/const/class before it: the TDZ). */
export interface Binding {
  value: JsValue;
  readonly kind: BindingKind;
  initialized: boolean;
}

export type ScopeKind = 'global' | 'function' | 'block' | 'catch' | 'class' | 'for';

/**
 * A lexical environment. Variables that some closure captures live in a heap-allocated context
 * (`context`, V8's Context object), the others in the frame: the heap sees the former through
 * the closure and the latter only while the frame is on the stack.
 */
export class Scope {
  readonly vars = new Map<string, Binding>();
  /** The heap object holding the captured variables (when some are). */
  context?: JsObject;
  /** Names some closure made in this scope refers to (those live in `context`). */
  captured?: ReadonlySet<string>;
  /** A function scope's `this`; undefined in an arrow's (it looks further out). */
  thisBinding?: { value: JsValue; initialized: boolean };
  /** The function this scope is the body of (super, new.target). */
  fn?: JsFunction;
  newTarget?: JsValue;
  /** A class body's private names (#x), by their spelling. */
  privateNames?: Map<string, PrivateName>;
  constructor(readonly parent: Scope | undefined, readonly kind: ScopeKind, readonly frame: Frame | undefined) {}

  lookup(name: string): Binding | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const b = s.vars.get(name);
      if (b) return b;
    }
    return undefined;
  }

  /** The scope that declares `name` (for a store, which the heap must hear about with its holder). */
  owner(name: string): Scope | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) if (s.vars.has(name)) return s;
    return undefined;
  }

  /** The nearest scope with a heap context (what a closure made here keeps alive). */
  nearestContext(): JsObject | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) if (s.context) return s.context;
    return undefined;
  }

  /** The nearest function (or global) scope: where `var` and function declarations go. */
  varScope(): Scope {
    let s: Scope = this;
    while (s.kind !== 'function' && s.kind !== 'global' && s.parent) s = s.parent;
    return s;
  }

  privateName(spelling: string): PrivateName | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const p = s.privateNames?.get(spelling);
      if (p) return p;
    }
    return undefined;
  }

  /** The function whose `super` and `new.target` apply here (arrow functions see their maker's). */
  methodScope(): Scope | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) if (s.fn && !s.fn.lexicalThis) return s;
    return undefined;
  }

  /** The scope that binds `this` here (arrow functions see their maker's). */
  thisScope(): Scope | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) if (s.thisBinding) return s;
    return undefined;
  }
}
