import { evaluateConstant, isZero } from './constEval';
import { constantSelection, controllingTypeUnknown } from './genericAssociations';
import { type TypeResolver, unparenthesized } from './declarations';
import type { SyntaxNode } from './parser';
import { stringLiteralValue } from './stringLiterals';
import type { CType } from './types';

/**
 * What the section choice needs to know about a static initializer (C11 6.7.9):
 * - `allZero`: every byte it produces is zero (then the object goes to .bss, as gcc does; note
 *   that -0.0 is not all zero bits);
 * - `needsRelocation`: it holds an address (of a string literal, a function, another object), so
 *   in a position-independent executable the loader must patch it at start-up;
 * - `constant`: it is a constant expression at all (otherwise gcc rejects it).
 * String literals that become pointers are collected so they can be placed in .rodata.
 */
export interface InitializerFacts {
  allZero: boolean;
  needsRelocation: boolean;
  constant: boolean;
  /** String literal nodes whose address the initializer takes. */
  literals: SyntaxNode[];
  /**
   * Compound literals whose address it takes (`&(struct S){1, 2}`, `(int[]){1, 2}` decaying):
   * at file scope each is an unnamed static object of its own (C11 6.5.2.5p5).
   */
  compoundLiterals: SyntaxNode[];
  /** First non-constant sub-expression, for the diagnostic. */
  nonConstant?: SyntaxNode;
  /** A `_Generic` whose controlling expression's type this pass cannot work out, so it cannot tell which association is the value. */
  unknownSelection?: SyntaxNode;
}

export function initializerFacts(value: SyntaxNode, type: CType, types: TypeResolver, isAddressName: (name: string) => boolean): InitializerFacts {
  const facts: InitializerFacts = { allZero: true, needsRelocation: false, constant: true, literals: [], compoundLiterals: [] };
  visit(value, type);
  return facts;

  function visit(node: SyntaxNode, target: CType | undefined): void {
    switch (node.type) {
      case 'initializer_list': {
        const members = target && (target.kind === 'struct' || target.kind === 'union') ? target.layout.members ?? [] : [];
        let index = 0;
        for (const item of node.namedChildren) {
          if (!item || item.type === 'comment') continue;
          const element = target?.kind === 'array' ? target.of : members[index]?.type;
          if (item.type === 'initializer_pair') {
            const designator = item.childForFieldName('designator');
            const field = designator?.type === 'field_designator' ? members.find((m) => m.name === designator.text.replace(/^\./, '')) : undefined;
            visit(item.childForFieldName('value') as SyntaxNode, field?.type ?? element);
          } else {
            visit(item, element);
          }
          index++;
        }
        return;
      }
      case 'string_literal':
      case 'concatenated_string':
        if (target?.kind === 'array') {
          // A char array initialized from a literal holds the characters themselves.
          if (stringLiteralValue(node).units.some((u) => u !== 0)) facts.allZero = false;
        } else {
          facts.allZero = false;
          facts.needsRelocation = true;
          facts.literals.push(node);
        }
        return;
      case 'pointer_expression':
        // &object or &function: an address the loader must relocate.
        if (node.childForFieldName('operator')?.text === '&') {
          facts.allZero = false;
          facts.needsRelocation = true;
          collectLiterals(node);
          return;
        }
        break;
      case 'identifier':
        if (isAddressName(node.text)) {
          // A function name or an array name decays to an address constant.
          facts.allZero = false;
          facts.needsRelocation = true;
          return;
        }
        break;
      case 'cast_expression': {
        const inner = node.childForFieldName('value');
        if (inner && evaluateConstant(node, types) === undefined) {
          visit(inner, undefined);
          return;
        }
        break;
      }
      case 'binary_expression': {
        // &array[0] + 1, "abc" + 1: address plus a constant is still an address constant.
        if (evaluateConstant(node, types) === undefined) {
          for (const side of ['left', 'right']) {
            const child = node.childForFieldName(side);
            if (child) visit(child, undefined);
          }
          return;
        }
        break;
      }
      case 'compound_literal_expression': {
        // `struct S s = (struct S){1, 2};` (gcc accepts it): the literal's list initializes s itself;
        // only where a pointer is initialized is the literal an object whose address is taken.
        const list = node.childForFieldName('value');
        if (list && target && target.kind !== 'pointer') return visit(list, target);
        facts.allZero = false;
        facts.needsRelocation = true;
        facts.compoundLiterals.push(node);
        return;
      }
      case 'parenthesized_expression': {
        const inner = unparenthesized(node);
        if (inner.type === 'compound_literal_expression') return visit(inner, target);
        break;
      }
      case 'generic_expression': {
        // The selected association is the initializer (its literals alone go to .rodata).
        const selected = constantSelection(node, types);
        if (selected) return visit(selected, target);
        if (controllingTypeUnknown(node, types)) {
          facts.constant = false;
          facts.unknownSelection ??= node;
          facts.nonConstant ??= node;
        } else {
          // A selection that breaks a constraint: the checker reports it in gcc's words.
          facts.allZero = false;
        }
        return;
      }
    }
    const v = evaluateConstant(node, types);
    if (!v) {
      facts.constant = false;
      facts.nonConstant ??= node;
      facts.allZero = false;
      return;
    }
    // -0.0 has its sign bit set, so it cannot live in zero-filled .bss.
    if (!(isZero(v) && !(v.kind === 'float' && Object.is(v.value, -0)))) facts.allZero = false;
  }

  function collectLiterals(node: SyntaxNode): void {
    if (node.type === 'string_literal' || node.type === 'concatenated_string') facts.literals.push(node);
    else if (node.type === 'compound_literal_expression') facts.compoundLiterals.push(node);
    else for (const c of node.namedChildren) if (c) collectLiterals(c);
  }
}
