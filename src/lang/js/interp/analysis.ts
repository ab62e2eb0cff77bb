import type * as acorn from 'acorn';
import type { FunctionNode } from './values';

/**
 * Facts about the program's code found once, before it runs, and kept per node: the names each
 * scope declares (var hoisting, let/const/class in blocks), which of them closures capture (those
 * go in a heap context, as V8 allocates a Context only for captured variables), and whether a
 * function reads `arguments`.
 */

type AnyNode = acorn.Node & Record<string, unknown>;

function isNode(v: unknown): v is AnyNode {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';
}

function isFunction(n: acorn.Node): n is FunctionNode {
  return n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression';
}

/** Every child node of `n`, in source order. */
export function children(n: acorn.Node): acorn.Node[] {
  const out: acorn.Node[] = [];
  for (const key of Object.keys(n)) {
    if (key === 'loc' || key === 'range') continue;
    const v = (n as AnyNode)[key];
    if (Array.isArray(v)) {
      for (const x of v) if (isNode(x)) out.push(x);
    } else if (isNode(v)) out.push(v);
  }
  return out;
}

const namesUsedCache = new WeakMap<acorn.Node, ReadonlySet<string>>();

/** Every identifier name written anywhere inside `n` (a superset of what it refers to). */
export function namesUsed(n: acorn.Node): ReadonlySet<string> {
  let s = namesUsedCache.get(n);
  if (s) return s;
  const names = new Set<string>();
  const stack: acorn.Node[] = [n];
  while (stack.length) {
    const x = stack.pop()!;
    if (x.type === 'Identifier') names.add((x as acorn.Identifier).name);
    else if (x.type === 'ThisExpression') names.add('this');
    stack.push(...children(x));
  }
  namesUsedCache.set(n, names);
  s = names;
  return s;
}

const capturedCache = new WeakMap<acorn.Node, ReadonlySet<string>>();

/** Names referred to by the functions made inside `n` (not counting `n` itself when it is one). */
export function namesClosuresUse(n: acorn.Node): ReadonlySet<string> {
  let s = capturedCache.get(n);
  if (s) return s;
  const names = new Set<string>();
  const stack: acorn.Node[] = children(n);
  while (stack.length) {
    const x = stack.pop()!;
    if (isFunction(x) || x.type === 'ClassBody') {
      for (const name of namesUsed(x)) names.add(name);
      continue;
    }
    stack.push(...children(x));
  }
  capturedCache.set(n, names);
  s = names;
  return s;
}

/** The names a binding pattern declares (`{ a, b: [c = 1, ...d] }` declares a, c and d). */
export function patternNames(p: acorn.Pattern | acorn.Node, out: string[] = []): string[] {
  switch (p.type) {
    case 'Identifier': out.push((p as acorn.Identifier).name); break;
    case 'ObjectPattern':
      for (const prop of (p as acorn.ObjectPattern).properties) patternNames(prop.type === 'RestElement' ? prop.argument : prop.value, out);
      break;
    case 'ArrayPattern':
      for (const e of (p as acorn.ArrayPattern).elements) if (e) patternNames(e, out);
      break;
    case 'AssignmentPattern': patternNames((p as acorn.AssignmentPattern).left, out); break;
    case 'RestElement': patternNames((p as acorn.RestElement).argument, out); break;
    default: break;
  }
  return out;
}

const varCache = new WeakMap<acorn.Node, readonly string[]>();

/** `var` names declared in a function body or the program, nested blocks included, nested functions not. */
export function varNames(body: acorn.Node): readonly string[] {
  let s = varCache.get(body);
  if (s) return s;
  const names: string[] = [];
  const stack: acorn.Node[] = [body];
  while (stack.length) {
    const x = stack.pop()!;
    if (x !== body && (isFunction(x) || x.type === 'ClassBody' || x.type === 'ClassDeclaration' || x.type === 'ClassExpression')) continue;
    if (x.type === 'VariableDeclaration' && (x as acorn.VariableDeclaration).kind === 'var') {
      for (const d of (x as acorn.VariableDeclaration).declarations) patternNames(d.id, names);
    }
    // Function declarations in nested blocks are block-scoped here (strict semantics, which node's sloppy mode also mostly gives).
    stack.push(...children(x).filter((c) => !isFunction(c)).reverse());
  }
  varCache.set(body, names);
  s = names;
  return s;
}

/** The let/const/class declarations and function declarations directly in a statement list (a block's own). */
export interface BlockDeclarations {
  readonly lexical: readonly { readonly name: string; readonly kind: 'let' | 'const' | 'class' }[];
  readonly functions: readonly acorn.FunctionDeclaration[];
}

const blockCache = new WeakMap<acorn.Node, BlockDeclarations>();

export function blockDeclarations(owner: acorn.Node, statements: readonly acorn.Node[]): BlockDeclarations {
  let d = blockCache.get(owner);
  if (d) return d;
  const lexical: { name: string; kind: 'let' | 'const' | 'class' }[] = [];
  const functions: acorn.FunctionDeclaration[] = [];
  for (const st of statements) {
    if (st.type === 'VariableDeclaration' && (st as acorn.VariableDeclaration).kind !== 'var') {
      const v = st as acorn.VariableDeclaration;
      for (const decl of v.declarations) for (const name of patternNames(decl.id)) lexical.push({ name, kind: v.kind === 'const' ? 'const' : 'let' });
    } else if (st.type === 'ClassDeclaration') {
      lexical.push({ name: (st as acorn.ClassDeclaration).id!.name, kind: 'class' });
    } else if (st.type === 'FunctionDeclaration') functions.push(st as acorn.FunctionDeclaration);
  }
  d = { lexical, functions };
  blockCache.set(owner, d);
  return d;
}

/** The program's function uses `arguments` (then each call makes an arguments object). */
export function usesArguments(fn: FunctionNode): boolean {
  return fn.type !== 'ArrowFunctionExpression' && namesUsed(fn.body).has('arguments');
}

/** A 'use strict' directive opens the statement list. */
export function hasUseStrict(body: readonly acorn.Node[]): boolean {
  const first = body[0] as acorn.ExpressionStatement | undefined;
  return first?.type === 'ExpressionStatement' && first.directive === 'use strict';
}
