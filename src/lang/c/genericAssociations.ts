import type { TypeResolver } from './declarations';
import type { SyntaxNode } from './parser';
import { type CType, compatibleTypes, sizeOf } from './types';

/**
 * The parts of a generic selection, `_Generic(controlling, T1: e1, ..., default: e)` (C11
 * 6.5.1.1), shared by the checker and the passes that evaluate constant expressions before it.
 */
export interface GenericAssociation {
  /** The type name, or the `default` keyword (tree-sitter-c reads it as a type named `default`). */
  readonly typeNode: SyntaxNode;
  readonly isDefault: boolean;
  readonly value: SyntaxNode;
}

export interface GenericParts {
  readonly controlling: SyntaxNode;
  readonly associations: readonly GenericAssociation[];
}

/** The controlling expression and the associations in source order; undefined for a selection the parser could not read. */
export function genericParts(node: SyntaxNode): GenericParts | undefined {
  const children = node.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
  const [controlling, ...rest] = children;
  if (!controlling || rest.length === 0 || rest.length % 2 !== 0) return undefined;
  const associations: GenericAssociation[] = [];
  for (let i = 0; i < rest.length; i += 2) {
    const typeNode = rest[i];
    if (typeNode.type !== 'type_descriptor') return undefined;
    associations.push({ typeNode, isDefault: typeNode.text === 'default', value: rest[i + 1] });
  }
  return { controlling, associations };
}

/**
 * The association a controlling expression of type `control` (after lvalue conversion) selects:
 * the one whose type is compatible with it, else `default`. Undefined when there is none, and
 * when the selection breaks a constraint (two defaults, two compatible types, a function or
 * incomplete type): the checker then reports it in gcc's words.
 */
export function selectAssociation(parts: GenericParts, control: CType, typeOf: (typeNode: SyntaxNode) => CType): GenericAssociation | undefined {
  const defaults = parts.associations.filter((a) => a.isDefault);
  const typed = parts.associations.filter((a) => !a.isDefault).map((association) => ({ association, type: typeOf(association.typeNode) }));
  if (defaults.length > 1 || typed.some(({ type }) => type.kind === 'function' || sizeOf(type) === undefined)) return undefined;
  if (typed.some((a, i) => typed.slice(0, i).some((b) => compatibleTypes(a.type, b.type)))) return undefined;
  return typed.find(({ type }) => compatibleTypes(control, type))?.association ?? defaults[0];
}

/**
 * The expression a generic selection stands for in a constant expression (an array size, a
 * case label, a static initializer), when the resolver knows the controlling expression's type
 * and the selection is valid.
 */
export function constantSelection(node: SyntaxNode, types: TypeResolver): SyntaxNode | undefined {
  const parts = genericParts(node);
  const control = parts && types.operandType(parts.controlling);
  return control && selectAssociation(parts, control, (t) => types.typeOfDescriptor(t))?.value;
}

/** Whether the resolver cannot tell the type of a generic selection's controlling expression (so not which association it selects). */
export function controllingTypeUnknown(node: SyntaxNode, types: TypeResolver): boolean {
  const parts = genericParts(node);
  return !!parts && types.operandType(parts.controlling) === undefined;
}

/** Whether `node` is inside the controlling expression of a generic selection, which is never evaluated. */
export function inGenericControl(node: SyntaxNode): boolean {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type === 'generic_expression' && genericParts(parent)?.controlling.id === child.id) return true;
  }
  return false;
}
