import type { FunctionView, ObjectKind, PrimitiveView } from './inspectHost';
import { formatPrimitive, type PrimitiveLayout } from './formatPrimitive';

/**
 * The class part in front of an object's braces, as node's getPrefix writes it: `Foo `,
 * `Map(2) `, `Foo [bar] ` when the toStringTag differs from the class name, and for an object
 * without a prototype `[Object: null prototype] `.
 */
export function classPrefix(constructor: string | null, tag: string, fallback: string, size = ''): string {
  if (constructor === null) {
    if (tag !== '' && fallback !== tag) return `[${fallback}${size}: null prototype] [${tag}] `;
    return `[${fallback}${size}: null prototype] `;
  }
  if (tag !== '' && constructor !== tag) return `${constructor}${size} [${tag}] `;
  return `${constructor}${size} `;
}

/** The built-in class V8 reports for an object of this kind when its prototype chain names none. */
export function builtinClassName(kind: ObjectKind): string {
  switch (kind) {
    case 'array': return 'Array';
    case 'map': return 'Map';
    case 'set': return 'Set';
    case 'weakmap': return 'WeakMap';
    case 'weakset': return 'WeakSet';
    case 'promise': return 'Promise';
    case 'function': return 'Function';
    case 'error': return 'Error';
    case 'date': return 'Date';
    case 'regexp': return 'RegExp';
    case 'array-buffer': return 'ArrayBuffer';
    case 'typed-array': return 'Uint8Array';
    case 'buffer': return 'Buffer';
    case 'map-iterator': return 'Map Iterator';
    case 'set-iterator': return 'Set Iterator';
    default: return 'Object';
  }
}

/** Node's getCtxStyle: the prefix of an ordinary object (the builtin's name when it has no prototype). */
export function objectPrefix(kind: ObjectKind, constructor: string | null, tag: string): string {
  let fallback = '';
  if (constructor === null) {
    fallback = builtinClassName(kind);
    if (fallback === tag) fallback = 'Object';
  }
  return classPrefix(constructor, tag, fallback);
}

/** `[class A extends B]`, `[class (anonymous)]`: how node names a class. */
function classBase(info: FunctionView, constructor: string | null, tag: string): string {
  let base = `class ${info.name || '(anonymous)'}`;
  if (constructor !== 'Function' && constructor !== null) base += ` [${constructor}]`;
  if (tag !== '' && constructor !== tag) base += ` [${tag}]`;
  if (constructor !== null) {
    if (info.superName) base += ` extends ${info.superName}`;
  } else {
    base += ' extends [null prototype]';
  }
  return `[${base}]`;
}

/** `[Function: f]`, `[AsyncFunction: g]`, `[Function (anonymous)]`, or a class's base. */
export function functionBase(info: FunctionView, constructor: string | null, tag: string): string {
  if (info.isClass) return classBase(info, constructor, tag);
  let type = 'Function';
  if (info.isGenerator) type = `Generator${type}`;
  if (info.isAsync) type = `Async${type}`;
  let base = `[${type}`;
  if (constructor === null) base += ' (null prototype)';
  base += info.name === '' ? ' (anonymous)' : `: ${info.name}`;
  base += ']';
  if (constructor !== type && constructor !== null) base += ` ${constructor}`;
  if (tag !== '' && constructor !== tag) base += ` [${tag}]`;
  return base;
}

const BOXED_TYPES: Readonly<Record<PrimitiveView['type'], string>> = {
  number: 'Number', string: 'String', boolean: 'Boolean', bigint: 'BigInt', symbol: 'Symbol', undefined: 'Object', null: 'Object',
};

/** `[Number: 3]`, `[String: 'ab']`, `[Boolean (MyBool): true]`: a boxed primitive. */
export function boxedBase(inner: PrimitiveView, constructor: string | null, tag: string, layout: PrimitiveLayout): string {
  const type = BOXED_TYPES[inner.type];
  let base = `[${type}`;
  if (type !== constructor) base += constructor === null ? ' (null prototype)' : ` (${constructor})`;
  base += `: ${formatPrimitive(inner, layout)}]`;
  if (tag !== '' && tag !== constructor) base += ` [${tag}]`;
  return base;
}
