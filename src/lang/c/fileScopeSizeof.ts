import type { ObjectKnowledge, TypeResolver } from './declarations';
import type { SyntaxNode } from './parser';
import { charConstant, literalArrayType, stringLiteralValue } from './stringLiterals';
import { type CType, INT, ULONG, pointerTo, sizeOf, withConst } from './types';
import { constantSelection } from './genericAssociations';
import { numberLiteral } from './interpreter/check/literalTypes';

/**
 * `sizeof expr` in the array sizes and initializers of file-scope objects
 * (`int copy[sizeof table / sizeof table[0]];`), for the static-storage pass, which lays out the
 * image before any expression is checked: the operand's type is worked out from the file-scope
 * objects declared so far, through names, subscripts, `*`, `&`, members and string literals.
 * Anything else is not constant as far as this pass knows (the checker reports it). The same
 * types give `_Generic` in those places its controlling expression's type, with those of
 * constants and casts.
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
        return literalArrayType(stringLiteralValue(node));
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
      // What `_Generic` needs beyond sizeof: the types of constants and casts.
      case 'number_literal':
        return numberLiteral(node.text)?.type;
      case 'char_literal':
        return charConstant(node.text).type;
      case 'cast_expression': {
        const typeNode = node.childForFieldName('type');
        return typeNode ? withConst(types.typeOfDescriptor(typeNode), false) : undefined;
      }
      case 'sizeof_expression':
      case 'alignof_expression':
        return ULONG;
      case 'generic_expression': {
        const selected = constantSelection(node, types);
        return selected ? typeOf(selected) : undefined;
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
    operandType(operand) {
      // An enumeration constant is an int; an object's type goes through lvalue conversion.
      if (operand.type === 'identifier' && !objects.has(operand.text) && types.scope.lookupEnumConstant(operand.text) !== undefined) return INT;
      const type = typeOf(operand);
      if (type?.kind === 'array') return pointerTo(type.of);
      return type && withConst(type, false);
    },
  };
}
