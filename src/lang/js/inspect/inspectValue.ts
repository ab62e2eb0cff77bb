import type { InspectHost, ObjectView, OwnProperty, PrimitiveView, PropertyKeyView } from './inspectHost';
import { type EntryKind, type InspectContext, type InspectOptions, newContext } from './inspectContext';
import { formatBigInt, formatNumber, formatPrimitive, symbolText } from './formatPrimitive';
import { escapeBare, isIdentifierKey, quoteString } from './quoteString';
import { type ItemKind, joinEntries } from './lineLayout';
import { boxedBase, classPrefix, functionBase, objectPrefix } from './prefixes';
import { errorBase } from './formatError';

/** Bytes a Buffer shows before `... n more bytes` (node's buffer.INSPECT_MAX_BYTES). */
const BUFFER_INSPECT_MAX_BYTES = 50;

/** An entry to print after an object's own items: a property, or a value node adds by name (`byteLength`). */
type Entry<V> = OwnProperty<V> | { readonly key: string; readonly enumerable: true; readonly kind: 'primitive'; readonly value: PrimitiveView };

/**
 * `util.inspect(value, options)` as node 20 prints it without colours, for a value the host
 * describes. Entry point of the formatter; `formatLogArguments` (console.log) builds on it.
 */
export function inspect<V>(host: InspectHost<V>, value: V, options: Partial<InspectOptions> = {}): string {
  return new Inspector(host, newContext(options)).formatValue(value, 0);
}

const remainingText = (remaining: number): string => `... ${remaining} more item${remaining > 1 ? 's' : ''}`;

/** One inspect call: node's formatValue / formatRaw and their helpers, on the host's values. */
class Inspector<V> {
  constructor(private readonly host: InspectHost<V>, private readonly ctx: InspectContext) {}

  formatValue(value: V, recurseTimes: number, insideTypedArray = false): string {
    const view = this.host.describe(value);
    if (view.type !== 'object') return formatPrimitive(view, this.ctx);
    // A Buffer prints through its own inspect method, which node calls before it looks for
    // cycles or depth.
    if (view.kind === 'buffer') return this.bufferText(value);
    if (this.ctx.seen.includes(view.identity)) {
      let index = this.ctx.circular.get(view.identity);
      if (index === undefined) {
        index = this.ctx.circular.size + 1;
        this.ctx.circular.set(view.identity, index);
      }
      return `[Circular *${index}]`;
    }
    return this.formatRaw(value, view, recurseTimes, insideTypedArray);
  }

  private formatRaw(value: V, view: ObjectView, recurseTimes: number, insideTypedArray: boolean): string {
    const { host, ctx } = this;
    const constructor = host.constructorName(value);
    const tag = host.toStringTag(value);
    let keys: Entry<V>[] = [...host.ownProperties(value, ctx.showHidden)];
    let base = '';
    let braces: [string, string] = ['{', '}'];
    let kind: EntryKind = 'object';
    let items: ((positions: number) => ItemKind[]) | undefined;
    let formatter: (recurse: number) => string[] = () => [];
    // showHidden lists the properties of user-defined prototypes too (node gathers them while it
    // looks for the class name, before anything else is formatted).
    const protoProps = ctx.showHidden && recurseTimes <= ctx.depth ? this.prototypeProperties(value, view, recurseTimes) : undefined;
    const bare = (): boolean => keys.length === 0 && protoProps === undefined;

    switch (view.kind) {
      case 'array': {
        const length = host.arrayLength(value);
        // An ordinary array has no prefix; a subclass or a tagged one says what it is.
        const prefix = constructor !== 'Array' || tag !== '' ? classPrefix(constructor, tag, 'Array', `(${length})`) : '';
        braces = [`${prefix}[`, ']'];
        if (length === 0 && bare()) return `${braces[0]}]`;
        kind = 'array';
        formatter = (r) => this.arrayItems(value, length, r);
        items = (positions) => this.arrayItemKinds(value, positions);
        break;
      }
      case 'set': case 'map': {
        const size = host.collectionSize(value);
        const prefix = classPrefix(constructor, tag, view.kind === 'set' ? 'Set' : 'Map', `(${size})`);
        if (size === 0 && bare()) return `${prefix}{}`;
        braces = [`${prefix}{`, '}'];
        formatter = view.kind === 'set' ? (r) => this.setItems(value, size, r) : (r) => this.mapItems(value, size, r);
        break;
      }
      case 'typed-array': {
        const length = host.typedArrayLength(value);
        const prefix = classPrefix(constructor, tag, constructor === null ? tag : '', `(${length})`);
        braces = [`${prefix}[`, ']'];
        if (length === 0 && keys.length === 0 && !ctx.showHidden) return `${braces[0]}]`;
        kind = 'array';
        formatter = (r) => this.typedArrayItems(value, length, r);
        break;
      }
      case 'map-iterator': case 'set-iterator': {
        const type = view.kind === 'map-iterator' ? 'Map' : 'Set';
        let label = tag;
        if (label !== `${type} Iterator`) label = `${label !== '' ? `${label}] [` : ''}${type} Iterator`;
        braces = [`[${label}] {`, '}'];
        formatter = (r) => this.iteratorItems(value, braces, r);
        break;
      }
      case 'function': {
        base = functionBase(host.functionInfo(value), constructor, tag);
        if (bare()) return base;
        break;
      }
      default: {
        if (constructor === 'Object') {
          // Node tests the class name first: whatever else it is, an object of class Object
          // prints as one (an `arguments` object says so, a tagged one shows its tag).
          if (view.kind === 'arguments') braces[0] = '[Arguments] {';
          else if (tag !== '') braces[0] = `${classPrefix(constructor, tag, 'Object')}{`;
          if (bare()) return `${braces[0]}}`;
        } else if (view.kind === 'regexp' || view.kind === 'date') {
          const isRegExp = view.kind === 'regexp';
          base = isRegExp ? host.regexpText(value) : host.dateText(value);
          const prefix = classPrefix(constructor, tag, isRegExp ? 'RegExp' : 'Date');
          if (prefix !== (isRegExp ? 'RegExp ' : 'Date ')) base = `${prefix}${base}`;
          if (bare() || (isRegExp && recurseTimes > ctx.depth)) return base;
        } else if (view.kind === 'error') {
          ({ base, keys } = this.errorParts(value, constructor, tag, keys));
          if (bare()) return base;
        } else if (view.kind === 'array-buffer') {
          const prefix = classPrefix(constructor, tag, 'ArrayBuffer');
          const byteLength: Entry<V> = { key: 'byteLength', enumerable: true, kind: 'primitive', value: { type: 'number', value: host.byteLength(value) } };
          if (!insideTypedArray) formatter = () => [this.arrayBufferContents(value)];
          else if (bare()) return `${prefix}{ byteLength: ${formatNumber(host.byteLength(value))} }`;
          braces[0] = `${prefix}{`;
          keys = [byteLength, ...keys];
        } else if (view.kind === 'promise') {
          braces[0] = `${classPrefix(constructor, tag, 'Promise')}{`;
          formatter = (r) => this.promiseItems(value, r);
        } else if (view.kind === 'weakset' || view.kind === 'weakmap') {
          // Node lists a weak collection's entries only with showHidden (from V8's preview).
          const isSet = view.kind === 'weakset';
          braces[0] = `${classPrefix(constructor, tag, isSet ? 'WeakSet' : 'WeakMap')}{`;
          const entries = ctx.showHidden ? host.weakCollectionEntries?.(value) : undefined;
          formatter = entries === undefined ? () => ['<items unknown>'] : (r) => this.weakItems(entries, isSet, r);
        } else if (view.kind === 'boxed') {
          base = boxedBase(host.boxedValue(value), constructor, tag, ctx);
          if (bare()) return base;
        } else {
          if (bare()) return `${objectPrefix(view.kind, constructor, tag)}{}`;
          braces[0] = `${objectPrefix(view.kind, constructor, tag)}{`;
        }
      }
    }

    if (recurseTimes > ctx.depth) {
      const name = objectPrefix(view.kind, constructor, tag).slice(0, -1);
      return constructor !== null ? `[${name}]` : name;
    }
    recurseTimes += 1;
    ctx.seen.push(view.identity);
    ctx.currentDepth = recurseTimes;
    const output = formatter(recurseTimes);
    for (const key of keys) output.push(this.formatProperty(key, recurseTimes));
    if (protoProps !== undefined) output.push(...protoProps);
    const index = ctx.circular.get(view.identity);
    if (index !== undefined) {
      // The reference goes in front of everything, even a function's or an error's base.
      const reference = `<ref *${index}>`;
      base = base === '' ? reference : `${reference} ${base}`;
    }
    ctx.seen.pop();
    return joinEntries(ctx, output, base, braces, kind, recurseTimes, items?.(output.length));
  }

  /** Node's formatProperty: `key: value` (or only the value for an array item). */
  private formatProperty(entry: Entry<V>, recurseTimes: number): string {
    let str: string;
    if (entry.kind === 'primitive') {
      str = formatPrimitive(entry.value, this.ctx);
    } else if (entry.kind === 'data') {
      str = this.formatNested(entry.value, recurseTimes);
    } else if (entry.getter) {
      str = entry.setter ? '[Getter/Setter]' : '[Getter]';
    } else {
      str = entry.setter ? '[Setter]' : 'undefined';
    }
    return `${this.keyText(entry.key, entry.enumerable)}: ${str}`;
  }

  private keyText(key: PropertyKeyView, enumerable: boolean): string {
    if (typeof key !== 'string') return `[${escapeBare(symbolText(key.description))}]`;
    if (key === '__proto__') return "['__proto__']";
    if (!enumerable) return `[${escapeBare(key)}]`;
    return isIdentifierKey(key) ? key : quoteString(key);
  }

  /** A value one level in: indented two more columns while it is formatted. */
  private formatNested(value: V, recurseTimes: number): string {
    this.ctx.indentationLvl += 2;
    const str = this.formatValue(value, recurseTimes);
    this.ctx.indentationLvl -= 2;
    return str;
  }

  /**
   * Node's formatArray and formatSpecialArray: the items up to maxArrayLength, each run of holes
   * as one `<n empty items>` entry, then `... n more items` for the rest.
   */
  private arrayItems(value: V, length: number, recurseTimes: number): string[] {
    const maxLength = Math.min(Math.max(0, this.ctx.maxArrayLength), length);
    const output: string[] = [];
    let index = 0;
    for (const element of this.host.arrayElements(value, maxLength)) {
      if (output.length >= maxLength) break;
      if (element.index !== index) {
        const holes = element.index - index;
        output.push(`<${holes} empty item${holes > 1 ? 's' : ''}>`);
        index = element.index;
        if (output.length === maxLength) break;
      }
      output.push(this.formatNested(element.value, recurseTimes));
      index++;
    }
    const remaining = length - index;
    if (output.length !== maxLength) {
      if (remaining > 0) output.push(`<${remaining} empty item${remaining > 1 ? 's' : ''}>`);
    } else if (remaining > 0) {
      output.push(remainingText(remaining));
    }
    return output;
  }

  /**
   * For column alignment: whether `array[i]` is a number or bigint at each of the output's
   * positions (node looks the array up by output position, extra properties included).
   */
  private arrayItemKinds(value: V, positions: number): ItemKind[] {
    const kinds: ItemKind[] = new Array<ItemKind>(positions).fill('other');
    for (const element of this.host.arrayElements(value, positions)) {
      if (element.index >= positions) break;
      const t = this.host.describe(element.value).type;
      if (t === 'number' || t === 'bigint') kinds[element.index] = 'numeric';
    }
    return kinds;
  }

  private typedArrayItems(value: V, length: number, recurseTimes: number): string[] {
    const maxLength = Math.min(Math.max(0, this.ctx.maxArrayLength), length);
    const output = this.host.typedArrayElements(value, maxLength).map((n) => (typeof n === 'bigint' ? formatBigInt(n) : formatNumber(n)));
    if (length > maxLength) output.push(remainingText(length - maxLength));
    const facts = this.ctx.showHidden ? this.host.typedArrayFacts?.(value) : undefined;
    if (facts !== undefined) {
      // Getters on the prototype, which showHidden lists as if they were hidden own properties.
      this.ctx.indentationLvl += 2;
      output.push(
        `[BYTES_PER_ELEMENT]: ${formatNumber(facts.bytesPerElement)}`,
        `[length]: ${formatNumber(length)}`,
        `[byteLength]: ${formatNumber(facts.byteLength)}`,
        `[byteOffset]: ${formatNumber(facts.byteOffset)}`,
        `[buffer]: ${this.formatValue(facts.buffer, recurseTimes, true)}`,
      );
      this.ctx.indentationLvl -= 2;
    }
    return output;
  }

  /**
   * Node's formatSetIterInner / formatMapIterInner for weak collections: the live entries
   * (`key => value` for a WeakMap), sorted as text since their order means nothing.
   */
  private weakItems(entries: readonly V[], isSet: boolean, recurseTimes: number): string[] {
    const maxArrayLength = Math.max(this.ctx.maxArrayLength, 0);
    const count = isSet ? entries.length : entries.length / 2;
    const output: string[] = [];
    this.ctx.indentationLvl += 2;
    for (let i = 0; i < Math.min(maxArrayLength, count); i++) {
      output.push(isSet ? this.formatValue(entries[i], recurseTimes) : `${this.formatValue(entries[2 * i], recurseTimes)} => ${this.formatValue(entries[2 * i + 1], recurseTimes)}`);
    }
    this.ctx.indentationLvl -= 2;
    output.sort();
    if (count > maxArrayLength) output.push(remainingText(count - maxArrayLength));
    return output;
  }

  /**
   * Node's addPrototypeProperties: under showHidden, the non-method properties of the object's
   * user-defined prototypes (accessors above all: `[area]: [Getter]`), those the object or a
   * nearer prototype has already left out; undefined when there are none.
   */
  private prototypeProperties(main: V, view: ObjectView, recurseTimes: number): string[] | undefined {
    const protos = this.host.showHiddenPrototypes?.(main) ?? [];
    if (protos.length === 0) return undefined;
    const keyId = (key: PropertyKeyView): string => (typeof key === 'string' ? `s:${key}` : `y:${key.description}`);
    const own = new Set(this.host.ownProperties(main, true).map((p) => keyId(p.key)));
    const earlier = new Set<string>();
    const output: string[] = [];
    this.ctx.seen.push(view.identity);
    for (const proto of protos) {
      const props = this.host.ownProperties(proto, true);
      for (const p of props) {
        const id = keyId(p.key);
        if (p.key === 'constructor' || own.has(id) || earlier.has(id)) continue;
        if (p.kind === 'data') {
          const v = this.host.describe(p.value);
          if (v.type === 'object' && v.kind === 'function') continue;
        }
        output.push(this.formatProperty(p, recurseTimes));
      }
      for (const p of props) earlier.add(keyId(p.key));
    }
    this.ctx.seen.pop();
    return output.length > 0 ? output : undefined;
  }

  private setItems(value: V, size: number, recurseTimes: number): string[] {
    const maxLength = Math.min(Math.max(0, this.ctx.maxArrayLength), size);
    const output = this.host.setValues(value, maxLength).map((v) => this.formatNested(v, recurseTimes));
    if (size > maxLength) output.push(remainingText(size - maxLength));
    return output;
  }

  private mapItems(value: V, size: number, recurseTimes: number): string[] {
    const maxLength = Math.min(Math.max(0, this.ctx.maxArrayLength), size);
    const output = this.host.mapEntries(value, maxLength).map(([k, v]) => `${this.formatNested(k, recurseTimes)} => ${this.formatNested(v, recurseTimes)}`);
    if (size > maxLength) output.push(remainingText(size - maxLength));
    return output;
  }

  /** Node's formatIterator: what a Map or Set iterator has left; entries() iterators as `[ key, value ]` pairs. */
  private iteratorItems(value: V, braces: [string, string], recurseTimes: number): string[] {
    const { entries, isKeyValue } = this.host.iteratorPreview(value);
    const maxArrayLength = Math.max(this.ctx.maxArrayLength, 0);
    const output: string[] = [];
    this.ctx.indentationLvl += 2;
    let count: number;
    if (isKeyValue) {
      braces[0] = braces[0].replace(/ Iterator] \{$/, ' Entries] {');
      count = entries.length / 2;
      for (let i = 0; i < Math.min(maxArrayLength, count); i++) {
        const pair = [this.formatValue(entries[2 * i], recurseTimes), this.formatValue(entries[2 * i + 1], recurseTimes)];
        output.push(joinEntries(this.ctx, pair, '', ['[', ']'], 'array', recurseTimes));
      }
    } else {
      count = entries.length;
      for (let i = 0; i < Math.min(maxArrayLength, count); i++) output.push(this.formatValue(entries[i], recurseTimes));
    }
    this.ctx.indentationLvl -= 2;
    if (count > maxArrayLength) output.push(remainingText(count - maxArrayLength));
    return output;
  }

  private promiseItems(value: V, recurseTimes: number): string[] {
    const state = this.host.promiseState(value);
    if (state.state === 'pending') return ['<pending>'];
    const str = this.formatNested(state.result, recurseTimes);
    return [state.state === 'rejected' ? `<rejected> ${str}` : str];
  }

  /** `[Uint8Contents]: <00 ff ...>` with ` ... n more bytes` past maxArrayLength. */
  private arrayBufferContents(value: V): string {
    const length = this.host.byteLength(value);
    let str = hexBytes(this.host.bytes(value, Math.min(this.ctx.maxArrayLength, length)));
    const remaining = length - this.ctx.maxArrayLength;
    if (remaining > 0) str += ` ... ${remaining} more byte${remaining > 1 ? 's' : ''}`;
    return `[Uint8Contents]: <${str}>`;
  }

  /**
   * Buffer's own inspect method: `<Buffer 68 69>`, the first 50 bytes and ` ... n more bytes`.
   * (Node would also list a Buffer's extra own properties; the interpreter's Buffers have none.)
   */
  private bufferText(value: V): string {
    const length = this.host.typedArrayLength(value);
    let str = hexBytes(this.host.bytes(value, Math.min(BUFFER_INSPECT_MAX_BYTES, length)));
    const remaining = length - BUFFER_INSPECT_MAX_BYTES;
    if (remaining > 0) str += ` ... ${remaining} more byte${remaining > 1 ? 's' : ''}`;
    return `<${this.host.constructorName(value) ?? 'Buffer'} ${str}>`;
  }

  /**
   * Node's formatError: the stack as the base, without the own `name`/`message`/`stack`
   * properties the stack already shows, and with `cause` and an AggregateError's `errors` listed.
   */
  private errorParts(value: V, constructor: string | null, tag: string, keys: Entry<V>[]): { base: string; keys: Entry<V>[] } {
    const info = this.host.errorInfo(value);
    let kept = keys;
    if (!this.ctx.showHidden && kept.length !== 0) {
      for (const name of ['name', 'message', 'stack']) {
        const i = kept.findIndex((k) => k.key === name);
        const entry = kept[i];
        if (entry !== undefined && entry.kind === 'data' && info.stack.includes(this.host.toText(entry.value))) kept = kept.filter((_, j) => j !== i);
      }
    }
    if (info.cause && !kept.some((k) => k.key === 'cause')) kept = [...kept, info.cause];
    if (info.errors && !kept.some((k) => k.key === 'errors')) kept = [...kept, info.errors];
    let causeStack: string | undefined;
    if (info.cause?.kind === 'data') {
      const cause = this.host.describe(info.cause.value);
      if (cause.type === 'object' && cause.kind === 'error') causeStack = this.host.errorInfo(info.cause.value).stack;
    }
    const base = errorBase({ stack: info.stack, name: info.name, message: info.message, causeStack }, constructor, tag, this.ctx.indentationLvl);
    return { base, keys: kept };
  }
}

function hexBytes(bytes: ArrayLike<number>): string {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i++) parts.push(bytes[i].toString(16).padStart(2, '0'));
  return parts.join(' ');
}
