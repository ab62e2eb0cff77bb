import type { SyntaxNode } from '../../parser';
import { type CType, isVariablyModified, typeToString, withConst } from '../../types';
import { type CheckContext, fail, report } from './checkContext';

/**
 * Typedef names share the ordinary identifiers' name space (C11 6.2.3): in one scope a name is a
 * typedef or an object/function, not both ("redeclared as different kind of symbol"), and a
 * typedef may be defined again only as the same type, unless it is variably modified (C11 6.7p3:
 * `typedef unsigned long size_t;` after <stddef.h> is fine, `typedef int size_t;` is not).
 */

/**
 * Whether `typedef ... name` may define the name in the current scope; reports gcc's error when
 * not. The caller defines it only then, so the earlier definition stays in force.
 */
export function typedefMayBeDefined(ctx: CheckContext, name: string, nameNode: SyntaxNode, type: CType): boolean {
  const other = ctx.scope.own(name);
  if (other && other.kind !== 'failed') {
    report(ctx, nameNode, 'redeclaration', `'${name}' redeclared as different kind of symbol`);
    return false;
  }
  const previous = ctx.types.scope.ownTypedef(name);
  if (!previous) return true;
  if (isVariablyModified(type) || isVariablyModified(previous)) {
    report(ctx, nameNode, 'redefinition', `redefinition of typedef '${name}' with variably modified type`);
    return false;
  }
  if (sameType(previous, type)) return true;
  if (sameType(withConst(previous, false), withConst(type, false))) {
    report(ctx, nameNode, 'redefinition', `conflicting type qualifiers for '${name}'`);
  } else {
    report(ctx, nameNode, 'redefinition', `conflicting types for '${name}'; have '${typeToString(type)}'`);
  }
  return false;
}

/** An object or function declared where the same scope has a typedef of its name: gcc's error, and the declaration is dropped. */
export function requireNotTypedef(ctx: CheckContext, name: string, nameNode: SyntaxNode): void {
  if (ctx.types.scope.ownTypedef(name)) fail(ctx, nameNode, 'redeclaration', `'${name}' redeclared as different kind of symbol`);
}

/** The same type (C11 6.2.7's compatibility is wider): what a typedef may be redefined as. Typedef spellings do not matter. */
export function sameType(a: CType, b: CType): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind || !!a.isConst !== !!b.isConst) return false;
  switch (a.kind) {
    case 'void': return true;
    case 'integer': {
      const y = b as typeof a;
      return a.name === y.name && a.signed === y.signed && !!a.plainChar === !!y.plainChar && a.bitWidth === y.bitWidth;
    }
    case 'float': return a.name === (b as typeof a).name;
    case 'pointer': return sameType(a.to, (b as typeof a).to);
    case 'array': {
      const y = b as typeof a;
      return a.length === y.length && !a.variable && !y.variable && sameType(a.of, y.of);
    }
    case 'struct':
    case 'union': return a.layout === (b as typeof a).layout;
    // One type per tag; an untagged enum is taken to be the same (no false error).
    case 'enum': return a.tag === (b as typeof a).tag;
    case 'function': {
      const y = b as typeof a;
      return sameType(a.returns, y.returns) && a.variadic === y.variadic && !!a.unprototyped === !!y.unprototyped
        && a.params.length === y.params.length && a.params.every((p, i) => sameType(p, y.params[i]));
    }
  }
}
