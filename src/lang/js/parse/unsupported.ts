import type * as acorn from 'acorn';
import type { Diagnostic } from '../../../shared/diagnostics';
import { children, patternNames } from '../interp/analysis';
import { rangeOf } from './parseProgram';

/** Globals node has that the interpreter does not implement (used without being declared by the program). */
const UNSUPPORTED_GLOBALS: Readonly<Record<string, string>> = {
  Proxy: 'Proxy', Intl: 'Intl', Atomics: 'Atomics', SharedArrayBuffer: 'SharedArrayBuffer',
  DataView: 'DataView', eval: 'eval()', fetch: 'fetch()', WebAssembly: 'WebAssembly', Worker: 'Worker',
  TextEncoder: 'TextEncoder', TextDecoder: 'TextDecoder', URL: 'URL', AbortController: 'AbortController',
};

/**
 * Constructs and built-ins the interpreter does not run, each as an `unsupported` diagnostic at
 * its place: async generators, `with`, dynamic import(), and the globals above.
 */
export function findUnsupported(program: acorn.Program): Diagnostic[] {
  const out: Diagnostic[] = [];
  const declared = new Set<string>();
  const uses: acorn.Identifier[] = [];
  const say = (node: acorn.Node, what: string) => out.push({ severity: 'error', code: 'unsupported', message: `${what} is not supported by Memory Atlas`, range: rangeOf(node) });
  const stack: acorn.Node[] = [program];
  while (stack.length) {
    const n = stack.pop()!;
    switch (n.type) {
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression': {
        const f = n as acorn.Function;
        if (f.async && f.generator) say(n, 'an async generator (async function*)');
        if (f.id) declared.add(f.id.name);
        for (const p of f.params) for (const name of patternNames(p)) declared.add(name);
        break;
      }
      case 'WithStatement':
        say(n, 'the with statement');
        break;
      case 'ImportExpression':
        say(n, 'dynamic import()');
        break;
      case 'VariableDeclarator':
        for (const name of patternNames((n as acorn.VariableDeclarator).id)) declared.add(name);
        break;
      case 'ClassDeclaration':
        if ((n as acorn.ClassDeclaration).id) declared.add((n as acorn.ClassDeclaration).id!.name);
        break;
      case 'CatchClause':
        if ((n as acorn.CatchClause).param) for (const name of patternNames((n as acorn.CatchClause).param!)) declared.add(name);
        break;
      case 'Identifier':
        uses.push(n as acorn.Identifier);
        break;
      case 'MemberExpression': {
        const m = n as acorn.MemberExpression;
        // `x.Proxy` is a property, not the global.
        stack.push(m.object);
        if (m.computed) stack.push(m.property);
        continue;
      }
      case 'Property': {
        const p = n as acorn.Property;
        if (p.computed || p.shorthand) stack.push(p.key);
        stack.push(p.value);
        continue;
      }
      case 'MethodDefinition':
      case 'PropertyDefinition': {
        const d = n as acorn.MethodDefinition | acorn.PropertyDefinition;
        if (d.computed) stack.push(d.key);
        if (d.value) stack.push(d.value);
        continue;
      }
      case 'LabeledStatement':
      case 'BreakStatement':
      case 'ContinueStatement': {
        const body = (n as acorn.LabeledStatement).body;
        if (body) stack.push(body);
        continue;
      }
      default:
        break;
    }
    stack.push(...children(n));
  }
  const reported = new Set<string>();
  for (const id of uses) {
    const what = UNSUPPORTED_GLOBALS[id.name];
    if (!what || declared.has(id.name) || reported.has(id.name)) continue;
    reported.add(id.name);
    say(id, what);
  }
  return out.sort((a, b) => a.range.startLine - b.range.startLine || a.range.startColumn - b.range.startColumn);
}
