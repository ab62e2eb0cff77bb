import type { Interp } from '../interp/interp';
import { HOLE, JsArray, JsFunction, JsObject, JsSymbol, type JsValue, type PropKey } from '../interp/values';
import { ownKeys, ownProperty } from '../interp/objectModel';

/**
 * A stand-in for node's util.inspect (the inspect helper's src/lang/js/inspect replaces this
 * file): primitives, arrays, plain objects, class instances, functions, Maps, Sets, errors and
 * promises, nested to depth 2, single-line when they fit in 80 columns, circular references
 * marked. It reads own data properties only (never calls a getter: formatting must not run code).
 */
export function formatForConsole(it: Interp, args: readonly JsValue[]): string {
  const first = args[0];
  let rest = args;
  let out = '';
  if (typeof first === 'string' && /%[sdifjoOc%]/.test(first) && args.length > 1) {
    let i = 1;
    out = first.replace(/%([sdifjoOc%])/g, (m, c: string) => {
      if (c === '%') return '%';
      if (i >= args.length) return m;
      const v = args[i++];
      if (c === 's') return typeof v === 'string' ? v : inspect(it, v);
      if (c === 'd' || c === 'i') return typeof v === 'number' ? String(c === 'i' ? Math.trunc(v) : v) : 'NaN';
      if (c === 'f') return String(Number(v));
      if (c === 'c') return '';
      return inspect(it, v);
    });
    rest = args.slice(i);
    return [out, ...rest.map((v) => (typeof v === 'string' ? v : inspect(it, v)))].join(' ');
  }
  return rest.map((v) => (typeof v === 'string' ? v : inspect(it, v))).join(' ');
}

interface Ctx {
  readonly it: Interp;
  readonly seen: JsObject[];
  readonly circular: Map<JsObject, number>;
  /** The nesting level of the object formatted last (node's currentDepth). */
  currentDepth: number;
  indentation: number;
}

export function inspect(it: Interp, v: JsValue): string {
  const ctx: Ctx = { it, seen: [], circular: new Map(), currentDepth: 0, indentation: 0 };
  const text = formatValue(ctx, v, 0, false);
  if (v instanceof JsObject && ctx.circular.has(v)) return `<ref *${ctx.circular.get(v)}> ${text}`;
  return text;
}

function quote(s: string): string {
  const q = !s.includes("'") ? "'" : !s.includes('"') ? '"' : !s.includes('`') ? '`' : "'";
  const escaped = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r').replace(/\x08/g, '\\b');
  return q + (q === "'" ? escaped.replace(/'/g, "\\'") : escaped) + q;
}

function formatPrimitive(v: Exclude<JsValue, JsObject>, nested: boolean): string {
  if (typeof v === 'string') return nested ? quote(v) : v;
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (v instanceof JsSymbol) return `Symbol(${v.description ?? ''})`;
  return String(v);
}

function keyText(k: PropKey): string {
  if (typeof k !== 'string') return `[Symbol(${k.description ?? ''})]`;
  return /^[A-Za-z_$][\w$]*$/.test(k) ? k : quote(k);
}

/** The constructor's name as inspect shows it before the braces (none for a plain Object or Array). */
function constructorName(o: JsObject): string | null {
  for (let p = o.proto; p; p = p.proto) {
    const c = p.props.get('constructor')?.value;
    if (c instanceof JsFunction && c.name) return c.name;
  }
  return null;
}

function formatValue(ctx: Ctx, v: JsValue, depth: number, nested: boolean): string {
  if (!(v instanceof JsObject)) return formatPrimitive(v, nested);
  if (ctx.seen.includes(v)) {
    let n = ctx.circular.get(v);
    if (n === undefined) ctx.circular.set(v, (n = ctx.circular.size + 1));
    return `[Circular *${n}]`;
  }
  if (v instanceof JsFunction) return formatFunction(ctx, v, depth);
  const name = constructorName(v);
  if (v.cls === 'Error') return String(ownProperty(v, 'stack')?.value ?? `Error: ${ownProperty(v, 'message')?.value ?? ''}`);
  if (depth > 2) return v instanceof JsArray ? '[Array]' : `[${name ?? 'Object'}]`;
  ctx.seen.push(v);
  ctx.currentDepth = depth;
  const entries: string[] = [];
  let braces: [string, string] = ['{', '}'];
  let prefix = '';
  const keys = ownKeys(v).filter((k) => ownProperty(v, k)?.enumerable);
  if (v instanceof JsArray) {
    braces = ['[', ']'];
    if (name !== 'Array') prefix = name ? `${name}(${v.items.length})` : `[Array(${v.items.length}): null prototype]`;
    let holes = 0;
    const flush = () => {
      if (holes) entries.push(`<${holes} empty item${holes > 1 ? 's' : ''}>`);
      holes = 0;
    };
    for (let i = 0; i < v.items.length && entries.length < 100; i++) {
      const x = v.items[i];
      if (x === HOLE) holes++;
      else {
        flush();
        entries.push(formatValue(ctx, x, depth + 1, true));
      }
    }
    flush();
    if (v.items.length > 100) entries.push(`... ${v.items.length - 100} more item${v.items.length - 100 > 1 ? 's' : ''}`);
    for (const k of keys) if (typeof k !== 'string' || !/^\d+$/.test(k)) entries.push(`${keyText(k)}: ${formatValue(ctx, ownProperty(v, k)!.value, depth + 1, true)}`);
  } else if (v.mapData) {
    prefix = `${name ?? 'Map'}(${v.mapData.size})`;
    for (const [k, x] of v.mapData) entries.push(`${formatValue(ctx, k, depth + 1, true)} => ${formatValue(ctx, x, depth + 1, true)}`);
  } else if (v.setData) {
    prefix = `${name ?? 'Set'}(${v.setData.size})`;
    for (const x of v.setData) entries.push(formatValue(ctx, x, depth + 1, true));
  } else if (v.weakData || v.cls === 'WeakSet' || v.cls === 'WeakMap') {
    prefix = name ?? v.cls;
    entries.push('<items unknown>');
  } else {
    if (v.promise) {
      prefix = 'Promise';
      const p = v.promise;
      entries.push(p.state === 'pending' ? '<pending>' : p.state === 'rejected' ? `<rejected> ${formatValue(ctx, p.result, depth + 1, true)}` : formatValue(ctx, p.result, depth + 1, true));
    } else if (v.primitive !== undefined) {
      prefix = `[${v.cls}: ${formatPrimitive(v.primitive as Exclude<JsValue, JsObject>, true)}]`;
    } else if (v.proto === null) prefix = '[Object: null prototype]';
    else if (name && name !== 'Object') prefix = name;
    for (const k of keys) {
      if (v.primitive !== undefined && typeof k === 'string' && /^\d+$/.test(k)) continue;
      const p = ownProperty(v, k)!;
      const value = p.get && p.set ? '[Getter/Setter]' : p.get ? '[Getter]' : p.set ? '[Setter]' : formatValue(ctx, p.value, depth + 1, true);
      entries.push(`${keyText(k)}: ${value}`);
    }
  }
  ctx.seen.pop();
  if (entries.length === 0 && v.primitive === undefined && !v.promise) return prefix ? `${prefix} ${braces[0]}${braces[1]}` : `${braces[0]}${braces[1]}`;
  if (entries.length === 0 && prefix) return prefix;
  return reduceToSingleString(ctx, entries, prefix, braces, depth);
}

function formatFunction(ctx: Ctx, f: JsFunction, depth: number): string {
  const isClass = f.classConstructor || f.defaultConstructor;
  let base: string;
  if (isClass) {
    const parent = f.proto instanceof JsFunction && f.proto !== ctx.it.intrinsics.functionProto ? f.proto.name : '';
    base = `[class ${f.name || '(anonymous)'}${parent ? ` extends ${parent}` : ''}]`;
  } else {
    const kind = f.node?.async ? 'AsyncFunction' : f.node?.generator ? 'GeneratorFunction' : 'Function';
    base = f.name ? `[${kind}: ${f.name}]` : `[${kind} (anonymous)]`;
  }
  const keys = ownKeys(f).filter((k) => ownProperty(f, k)?.enumerable);
  if (keys.length === 0 || depth > 2) return base;
  ctx.seen.push(f);
  const entries = keys.map((k) => `${keyText(k)}: ${formatValue(ctx, ownProperty(f, k)!.value, depth + 1, true)}`);
  ctx.seen.pop();
  return reduceToSingleString(ctx, entries, base, ['{', '}'], depth);
}

/** Node's rule: on one line when it fits in 80 columns and nothing nested three levels down was printed; else one entry a line. */
function reduceToSingleString(ctx: Ctx, entries: readonly string[], prefix: string, braces: [string, string], depth: number): string {
  const start = entries.length + depth * 2 + braces[0].length + prefix.length + 10;
  const total = entries.reduce((n, e) => n + e.length, 0) + entries.length;
  if (ctx.currentDepth - depth < 3 && start + total <= 80 && !entries.some((e) => e.includes('\n'))) {
    return `${prefix ? `${prefix} ` : ''}${braces[0]} ${entries.join(', ')} ${braces[1]}`;
  }
  // Nested entries are re-indented by their parent, so each level writes itself at column 0.
  const indent = '';
  return `${prefix ? `${prefix} ` : ''}${braces[0]}\n${indent}  ${entries.map((e) => e.replace(/\n/g, `\n  `)).join(`,\n${indent}  `)}\n${indent}${braces[1]}`;
}
