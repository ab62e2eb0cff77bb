import * as acorn from 'acorn';
import type {
  ChildrenKey, EvaluationContext, InspectedFrame, InspectedScope, InspectedValue, InspectionError, PlaceDescription, ProgramInspector,
} from '../../../engine/program/programInspector';
import { peekMemory } from '../../../engine/memory/peekMemory';
import type { Interp } from '../interp/interp';
import type { Scope } from '../interp/scope';
import { HOLE, JsArray, JsFunction, JsObject, JsThrow, type JsValue, type PropKey } from '../interp/values';
import { findProperty, ownKeys, ownProperty } from '../interp/objectModel';
import { typeOf } from '../interp/conversions';
import { inspectValue } from '../builtins/consoleFormat';
import type { JsMachine } from '../program/jsMachine';

interface ObjectChildren extends ChildrenKey {
  readonly kind: 'js-object';
  readonly object: JsObject;
}

/**
 * The debugger's view of a paused JavaScript program: frames innermost first, scopes as node's
 * debugger groups them (Local, the closures' captured variables by the function that made
 * them, `this`, Module, Global), values formatted as node prints them. Evaluation is read-only:
 * names, `this`, property paths, literals and comparisons; nothing that could run the program's
 * code (a getter, a call) is evaluated.
 */
export class JsInspector implements ProgramInspector {
  constructor(private readonly it: Interp, private readonly machine: JsMachine) {}

  private frameAt(i: number) {
    const frames = this.it.frames;
    return frames[frames.length - 1 - i];
  }

  /**
   * A built-in getter (a Map's `size`, a typed array's `length`) runs here: it is the
   * interpreter's own code, which reads and never calls back into the program. A getter the
   * program wrote is not run (evaluation must not change the program's state).
   */
  private builtInGetter(getter: JsObject, base: JsObject, key: PropKey): JsValue {
    const native = getter instanceof JsFunction ? getter.native : undefined;
    if (!native) throw new QuietError(`${String(key)} is a getter: the debugger does not run the program's code`);
    try {
      const r = native(base, [], undefined).next();
      if (!r.done) throw new QuietError(`${String(key)} cannot be read while paused`);
      return r.value;
    } catch (e) {
      if (e instanceof JsThrow) throw new QuietError(`${String(key)}: ${this.format(e.value)}`);
      throw e;
    }
  }

  frames(): readonly InspectedFrame[] {
    return [...this.it.frames].reverse().map((f, i) => {
      const node = i === 0 ? this.it.current : f.statement;
      return { name: f.name || '(top level)', line: node?.loc?.start.line ?? 0 };
    });
  }

  scopes(index: number): readonly InspectedScope[] {
    const frame = this.frameAt(index);
    if (!frame) return [];
    const out: InspectedScope[] = [];
    const locals: InspectedValue[] = [];
    let s: Scope | undefined = frame.current;
    // The frame's own scopes, innermost first, up to its function scope.
    for (; s; s = s.parent) {
      for (const [name, b] of s.vars) if (!locals.some((v) => v.name === name)) locals.push(this.value(name, b.initialized ? b.value : undefined, name, !b.initialized));
      if (s === frame.scope) break;
    }
    const self = frame.thisValue();
    out.push({ name: frame.fn ? 'Local' : 'Module', kind: 'locals', values: locals });
    if (self !== undefined) out.push({ name: 'this', kind: 'this', values: [this.value('this', self, 'this')] });
    // Outer scopes with captured variables: the closure contexts this function sees.
    for (s = s?.parent; s; s = s.parent) {
      if (s.kind === 'global') {
        out.push({ name: 'Module', kind: 'globals', values: [...s.vars].filter(([, b]) => b.kind !== 'var' || !['require', 'module', 'exports', '__filename', '__dirname'].includes(String(b))).map(([name, b]) => this.value(name, b.initialized ? b.value : undefined, name, !b.initialized)) });
        break;
      }
      const vars = [...s.vars].filter(([name]) => !s!.captured || s!.captured.has(name));
      if (vars.length === 0) continue;
      const owner = s.frame?.name || s.fn?.name || 'block';
      out.push({ name: `Closure (${owner})${s.context ? this.addressText(s.context) : ''}`, kind: 'closure', values: vars.map(([name, b]) => this.value(name, b.initialized ? b.value : undefined, name, !b.initialized)) });
    }
    const globals = ownKeys(this.it.global).filter((k): k is string => typeof k === 'string' && ownProperty(this.it.global, k)!.enumerable);
    out.push({ name: 'Global', kind: 'globals', values: globals.map((k) => this.value(k, ownProperty(this.it.global, k)!.value, `globalThis.${k}`)), expensive: true });
    return out;
  }

  private addressText(o: JsObject): string {
    const a = this.machine.addressOf(o);
    return a === undefined ? '' : ` @ 0x${a.toString(16)}`;
  }

  private value(name: string, v: JsValue, expression: string | undefined, uninitialized = false): InspectedValue {
    const text = uninitialized ? '<uninitialized>' : this.format(v);
    const base: InspectedValue = { name, type: typeOf(v), value: text, ...(expression ? { expression } : {}) };
    if (!(v instanceof JsObject)) return base;
    const address = this.machine.addressOf(v);
    const place = this.machine.placeOf(v);
    const count = v instanceof JsArray ? v.items.length : undefined;
    const key: ObjectChildren = { kind: 'js-object', object: v };
    return { ...base, type: v instanceof JsFunction ? 'function' : constructorName(v), children: key, ...(count !== undefined ? { indexedCount: count } : {}), ...(address !== undefined ? { address } : {}), ...(place ? { place } : {}) };
  }

  private format(v: JsValue): string {
    const text = inspectValue(this.it, v);
    return text.length > 200 ? text.slice(0, 199) + '…' : text;
  }

  children(key: ChildrenKey): readonly InspectedValue[] {
    if (key.kind !== 'js-object') return [];
    const o = (key as ObjectChildren).object;
    const out: InspectedValue[] = [];
    if (o instanceof JsArray) {
      o.items.forEach((x, i) => {
        if (x !== HOLE) out.push(this.value(String(i), x, undefined));
      });
    }
    for (const k of ownKeys(o)) {
      if (o instanceof JsArray && (k === 'length' || /^\d+$/.test(String(k)))) continue;
      const p = ownProperty(o, k)!;
      out.push(p.get || p.set ? { name: keyName(k), type: 'accessor', value: p.get && p.set ? '[Getter/Setter]' : p.get ? '[Getter]' : '[Setter]' } : this.value(keyName(k), p.value, undefined));
    }
    if (o.privates) for (const [name, p] of o.privates) out.push(this.value(`#${name.description}`, p.value, undefined));
    if (o.mapData) [...o.mapData].slice(0, 1000).forEach(([k, v], i) => out.push(this.value(`[${i}] ${this.format(k)}`, v, undefined)));
    if (o.setData) [...o.setData].slice(0, 1000).forEach((v, i) => out.push(this.value(`[${i}]`, v, undefined)));
    if (o.proto) out.push(this.value('[[Prototype]]', o.proto, undefined));
    return out;
  }

  evaluate(expression: string, frame: number, _context: EvaluationContext): InspectedValue | InspectionError {
    const r = this.read(expression, frame);
    if ('error' in r) return r;
    return this.value(expression, r.value, expression);
  }

  condition(expression: string, frame: number): boolean | InspectionError {
    const r = this.read(expression, frame);
    if ('error' in r) return r;
    const v = r.value;
    return v instanceof JsObject || (v !== undefined && v !== null && v !== false && v !== 0 && v !== '' && !Number.isNaN(v) && v !== 0n);
  }

  assign(): InspectedValue | InspectionError {
    return { error: 'Memory Atlas does not change JavaScript variables from the debugger' };
  }

  completions(text: string, frame: number): readonly string[] {
    const f = this.frameAt(frame);
    if (!f) return [];
    const dot = text.lastIndexOf('.');
    if (dot >= 0) {
      const r = this.read(text.slice(0, dot), frame);
      if ('error' in r || !(r.value instanceof JsObject)) return [];
      const prefix = text.slice(dot + 1);
      const names = new Set<string>();
      for (let o: JsObject | null = r.value; o; o = o.proto) for (const k of ownKeys(o)) if (typeof k === 'string' && k.startsWith(prefix)) names.add(k);
      return [...names].sort();
    }
    const names = new Set<string>();
    for (let s: Scope | undefined = f.current; s; s = s.parent) for (const k of s.vars.keys()) if (k.startsWith(text)) names.add(k);
    return [...names].sort();
  }

  describeAddress(address: number): PlaceDescription {
    return this.machine.describeAddress(address);
  }

  readMemory(address: number, length: number): { readonly bytes: Uint8Array; readonly unreadable: number } {
    const mmu = this.machine.process.mmu;
    const bytes = new Uint8Array(length);
    let unreadable = 0;
    for (let i = 0; i < length; i++) {
      const b = peekMemory(mmu, address + i, 1);
      if (b) bytes[i] = b[0];
      else unreadable++;
    }
    return { bytes, unreadable };
  }

  writeMemory(): number {
    return 0;
  }

  /** A read-only evaluation of an expression in the frame's scope. */
  private read(expression: string, frameIndex: number): { value: JsValue } | InspectionError {
    const frame = this.frameAt(frameIndex);
    if (!frame) return { error: 'no such frame' };
    let node: acorn.Expression;
    try {
      node = acorn.parseExpressionAt(expression, 0, { ecmaVersion: 'latest' });
    } catch (e) {
      return { error: `SyntaxError: ${(e as Error).message.replace(/\s*\(\d+:\d+\)$/, '')}` };
    }
    try {
      return { value: this.quietEval(node, frame.current, frame.thisValue()) };
    } catch (e) {
      if (e instanceof QuietError) return { error: e.message };
      throw e;
    }
  }

  private quietEval(n: acorn.Expression, scope: Scope, self: JsValue): JsValue {
    switch (n.type) {
      case 'Literal':
        return n.value as JsValue;
      case 'Identifier': {
        const b = scope.lookup(n.name);
        if (b) {
          if (!b.initialized) throw new QuietError(`ReferenceError: Cannot access '${n.name}' before initialization`);
          return b.value;
        }
        const p = ownProperty(this.it.global, n.name);
        if (p) return p.value;
        if (n.name === 'undefined') return undefined;
        throw new QuietError(`ReferenceError: ${n.name} is not defined`);
      }
      case 'ThisExpression':
        return self;
      case 'MemberExpression': {
        const base = this.quietEval(n.object as acorn.Expression, scope, self);
        const key: PropKey = n.computed ? String(this.quietEval(n.property as acorn.Expression, scope, self)) : (n.property as acorn.Identifier).name;
        if (base === undefined || base === null) throw new QuietError(`TypeError: Cannot read properties of ${base} (reading '${String(key)}')`);
        if (typeof base === 'string') return key === 'length' ? base.length : /^\d+$/.test(key as string) ? base[Number(key)] : undefined;
        if (!(base instanceof JsObject)) return undefined;
        const p = findProperty(base, key);
        if (p?.get) return this.builtInGetter(p.get, base, key);
        return p?.value;
      }
      case 'UnaryExpression': {
        const v = this.quietEval(n.argument, scope, self);
        if (n.operator === '!') return !(v instanceof JsObject || Boolean(v));
        if (n.operator === '-' && typeof v === 'number') return -v;
        if (n.operator === 'typeof') return typeOf(v);
        break;
      }
      case 'BinaryExpression':
      case 'LogicalExpression': {
        const a = this.quietEval(n.left as acorn.Expression, scope, self);
        if (n.type === 'LogicalExpression') {
          const truthy = a instanceof JsObject || Boolean(a);
          if (n.operator === '&&') return truthy ? this.quietEval(n.right, scope, self) : a;
          if (n.operator === '||') return truthy ? a : this.quietEval(n.right, scope, self);
          return a ?? this.quietEval(n.right, scope, self);
        }
        const b = this.quietEval(n.right, scope, self);
        if (a instanceof JsObject || b instanceof JsObject) {
          if (n.operator === '===' || n.operator === '==') return a === b;
          if (n.operator === '!==' || n.operator === '!=') return a !== b;
          break;
        }
        const x = a as never, y = b as never;
        switch (n.operator) {
          case '===': return x === y;
          case '!==': return x !== y;
          // eslint-disable-next-line eqeqeq
          case '==': return x == y;
          // eslint-disable-next-line eqeqeq
          case '!=': return x != y;
          case '<': return x < y;
          case '<=': return x <= y;
          case '>': return x > y;
          case '>=': return x >= y;
          case '+': return (x as number) + (y as number);
          case '-': return (x as number) - (y as number);
          case '*': return (x as number) * (y as number);
          case '%': return (x as number) % (y as number);
        }
        break;
      }
      default:
        break;
    }
    throw new QuietError(`the debugger evaluates names, this, property paths, literals and comparisons (not ${n.type})`);
  }
}

class QuietError extends Error {}

function keyName(k: PropKey): string {
  return typeof k === 'string' ? k : `[Symbol(${k.description ?? ''})]`;
}

function constructorName(o: JsObject): string {
  for (let p = o.proto; p; p = p.proto) {
    const c = p.props.get('constructor')?.value;
    if (c instanceof JsFunction && c.name) return c.name;
  }
  return 'Object';
}
