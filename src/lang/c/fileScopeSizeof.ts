import type { ObjectKnowledge, TypeResolver } from './declarations';
import { stringLiteralBytes } from './declarations';
import type { SyntaxNode } from './parser';
import { type CType, CHAR, arrayOf, pointerTo, sizeOf } from './types';

/**
 * `sizeof expr` in the array sizes and initializers of file-scope objects
 * (`int copy[sizeof table / sizeof table[0]];`), for the static-storage pass, which lays out the
 * image before any expression is checked: the operand's type is worked out from the file-scope
 * objects declared so far, through names, subscripts, `*`, `&`, members and string literals.
 * Anything else is not constant as far as this pass knows (the checker reports it).
 */
export function fileScopeSizeof(objects: ReadonlyMap<string, CType>, types: TypeResolver): ObjectKnowledge {
  const typeOf = (node: SyntaxNode): CType | undefined => {
    switch (node.type) {
      case 'parenthesized_expression': {
        const inner = node.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
        if (inner.length === 1 && inner[0].type === 'identifier' && !objects.has(inner[0].text)) return types.typeInParentheses(node);
        return inner.length === 1 ? typeOf(inner[0]) : undefined;
      }
      case 'identifier':
        return objects.get(node.text);
      case 'string_literal':
      case 'concatenated_string':
        return arrayOf(CHAR, stringLiteralBytes(node).length + 1);
      case 'subscript_expression': {
        const base = operandOf(node, 'argument');
        return base?.kind === 'array' ? base.of : base?.kind === 'pointer' ? base.to : undefined;
      }
      case 'pointer_expression': {
        const operand = operandOf(node, 'argument');
        if (node.childForFieldName('operator')?.text === '&') return operand && pointerTo(operand);
        return operand?.kind === 'array' ? operand.of : operand?.kind === 'pointer' ? operand.to : undefined;
      }
      case 'field_expression': {
        let record = operandOf(node, 'argument');
        if (node.childForFieldName('operator')?.text === '->') record = record?.kind === 'pointer' ? record.to : undefined;
        const name = node.childForFieldName('field')?.text;
        return record?.kind === 'struct' || record?.kind === 'union' ? record.layout.members?.find((m) => m.name === name && !m.bitField)?.type : undefined;
      }
      default:
        return undefined;
    }
  };
  const operandOf = (node: SyntaxNode, name: string) => {
    const child = node.childForFieldName(name);
    return child ? typeOf(child) : undefined;
  };
  return {
    operandSize(operand) {
      const type = typeOf(operand);
      return type ? sizeOf(type) : undefined;
    },
  };
}
