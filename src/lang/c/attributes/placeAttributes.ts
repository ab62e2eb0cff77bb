import type { Diagnostic } from '../../../shared/diagnostics';
import { rangeAt } from '../../../shared/diagnostics';
import { parseIntegerLiteral } from '../constantValue';
import type { SyntaxNode } from '../parser';
import type { SourceAttribute } from './extractAttributes';

/**
 * Which struct, member or declaration each `__attribute__` belongs to, decided from the syntax
 * tree as gcc reads them, and what the simulation does with it:
 * - `packed` and `aligned` on a struct or union (between the keyword and the body, or right after
 *   the closing brace) or on a member change the layout, as gcc lays it out;
 * - attributes that change nothing a single-threaded unoptimized run can observe (`unused`,
 *   `noinline`, `format`, `noreturn`, ...) are accepted and have no effect, as at gcc -O0;
 * - attributes that would change the program (`cleanup`, `constructor`, `section`, `mode`,
 *   `aligned` on a variable, ...) are `unsupported` errors naming them: running without them
 *   would show something gcc's program does not do;
 * - a name gcc does not know is gcc's warning "attribute directive ignored".
 */
export interface LayoutAttributes {
  readonly packed: boolean;
  /** The alignment `aligned(N)` asks for (`aligned` alone: 16, the biggest alignment on x86-64). */
  readonly aligned?: number;
}

const NO_LAYOUT: LayoutAttributes = { packed: false };

/** Attributes with no effect the simulated machine could show at -O0. */
const NO_EFFECT = new Set([
  'unused', 'used', 'maybe_unused', 'noinline', 'always_inline', 'gnu_inline', 'artificial', 'flatten',
  'noclone', 'noipa', 'hot', 'cold', 'noreturn', 'stdcall', 'cdecl', 'fastcall', 'thiscall', 'const', 'pure',
  'format', 'format_arg', 'nonnull', 'returns_nonnull', 'warn_unused_result', 'deprecated', 'unavailable',
  'malloc', 'alloc_size', 'alloc_align', 'assume_aligned', 'nothrow', 'leaf', 'sentinel', 'fallthrough',
  'may_alias', 'visibility', 'externally_visible', 'optimize', 'target', 'no_instrument_function',
  'no_sanitize', 'no_sanitize_address', 'no_address_safety_analysis', 'no_sanitize_undefined',
  'no_stack_protector', 'stack_protect', 'access', 'designated_init', 'error', 'warning', 'nonstring',
  'returns_twice', 'weak', 'no_reorder', 'no_icf', 'noplt', 'copy', 'retain', 'warn_if_not_aligned',
  'no_split_stack', 'noinit', 'persistent', 'tainted_args', 'fd_arg', 'fd_arg_read', 'fd_arg_write',
  'null_terminated_string_arg', 'nocf_check', 'indirect_return', 'expected_throw',
]);

/** gcc attributes the simulation would get wrong by ignoring them. */
const CHANGES_THE_PROGRAM = new Set([
  'cleanup', 'constructor', 'destructor', 'section', 'mode', 'vector_size', 'transparent_union', 'alias',
  'ifunc', 'weakref', 'scalar_storage_order', 'ms_abi', 'sysv_abi', 'tls_model', 'common', 'nocommon',
  'regparm', 'sseregparm', 'force_align_arg_pointer', 'ms_struct', 'gcc_struct', 'naked', 'interrupt',
  'counted_by', 'strict_flex_array', 'symver', 'zero_call_used_regs', 'hardbool', 'vector',
]);

export class PlacedAttributes {
  constructor(
    private readonly records: ReadonlyMap<number, LayoutAttributes>,
    private readonly fields: ReadonlyMap<number, readonly PlacedMemberAttribute[]>,
  ) {}

  static readonly none = new PlacedAttributes(new Map(), new Map());

  /** `packed` / `aligned` given to the struct or union `node` (a struct_specifier or union_specifier). */
  forRecord(node: SyntaxNode): LayoutAttributes {
    return this.records.get(node.id) ?? NO_LAYOUT;
  }

  /**
   * `packed` / `aligned` of the member declared by `declarators[index]` of `field`: an attribute
   * before the first declarator applies to all of them, one after a declarator to that one (gcc).
   */
  forMember(field: SyntaxNode, declarators: readonly SyntaxNode[], index: number): LayoutAttributes {
    const placed = this.fields.get(field.id);
    if (!placed) return NO_LAYOUT;
    const from = declarators[index]?.startIndex ?? field.startIndex;
    const to = declarators[index + 1]?.startIndex ?? field.endIndex;
    const first = declarators[0]?.startIndex ?? field.endIndex;
    let packed = false;
    let aligned: number | undefined;
    for (const p of placed) {
      if (p.start >= first && (p.start < from || p.start >= to)) continue;
      packed ||= p.packed;
      if (p.aligned !== undefined) aligned = Math.max(aligned ?? 1, p.aligned);
    }
    return { packed, aligned };
  }
}

interface PlacedMemberAttribute extends LayoutAttributes { readonly start: number }

type Owner = { kind: 'record' | 'field'; node: SyntaxNode } | { kind: 'declaration' };

export function placeAttributes(root: SyntaxNode, attributes: readonly SourceAttribute[], diagnostics: Diagnostic[]): PlacedAttributes {
  if (attributes.length === 0) return PlacedAttributes.none;
  const records = new Map<number, LayoutAttributes>();
  const fields = new Map<number, PlacedMemberAttribute[]>();
  const report = (a: SourceAttribute, severity: 'error' | 'warning', code: string, message: string) =>
    diagnostics.push({ severity, code, message, range: rangeAt(a.line, a.column, a.column + a.name.length) });
  for (const a of attributes) {
    if (NO_EFFECT.has(a.name)) continue;
    if (CHANGES_THE_PROGRAM.has(a.name)) {
      report(a, 'error', 'unsupported', `the '${a.name}' attribute is not supported yet: it changes what the program does`);
      continue;
    }
    if (a.name !== 'packed' && a.name !== 'aligned') {
      report(a, 'warning', 'attribute', `'${a.name}' attribute directive ignored`);
      continue;
    }
    const owner = ownerOf(root, a);
    const layout = a.name === 'packed' ? { packed: true } : { packed: false, aligned: alignment(a, report) };
    if (layout.aligned === undefined && !layout.packed) continue; // a bad alignment, already reported
    if (owner.kind === 'record') {
      const had = records.get(owner.node.id) ?? NO_LAYOUT;
      records.set(owner.node.id, {
        packed: had.packed || layout.packed,
        aligned: layout.aligned !== undefined ? Math.max(had.aligned ?? 1, layout.aligned) : had.aligned,
      });
    } else if (owner.kind === 'field') {
      const list = fields.get(owner.node.id) ?? [];
      list.push({ ...layout, start: a.start });
      fields.set(owner.node.id, list);
    } else if (a.name === 'packed') {
      report(a, 'warning', 'attribute', "'packed' attribute ignored: it applies to a struct, a union or a member");
    } else {
      report(a, 'error', 'unsupported', "the 'aligned' attribute is supported on a struct, a union or a member only, not yet on a variable, a function or a typedef");
    }
  }
  return new PlacedAttributes(records, fields);
}

/**
 * A struct or union takes the attributes between its keyword and its body and those right after
 * its closing brace; a member those inside its declaration; anything else is a declaration's.
 */
function ownerOf(root: SyntaxNode, a: SourceAttribute): Owner {
  const before = a.after > 0 ? root.descendantForIndex(a.after - 1) : null;
  const record = before?.type === '}' && before.parent?.type === 'field_declaration_list' ? before.parent.parent : null;
  if (record && (record.type === 'struct_specifier' || record.type === 'union_specifier')) return { kind: 'record', node: record };
  for (let n: SyntaxNode | null = root.descendantForIndex(a.start, a.end - 1); n; n = n.parent) {
    if (n.type === 'struct_specifier' || n.type === 'union_specifier') {
      const body = n.childForFieldName('body');
      if (a.start > n.startIndex && (!body || a.start < body.startIndex)) return { kind: 'record', node: n };
    }
    if (n.type === 'field_declaration') return { kind: 'field', node: n };
    if (n.type === 'compound_statement' || n.type === 'translation_unit') break;
  }
  return { kind: 'declaration' };
}

/** The N of `aligned(N)`: an integer constant (macros are expanded by now) that is a power of two. */
function alignment(a: SourceAttribute, report: (a: SourceAttribute, severity: 'error', code: string, message: string) => void): number | undefined {
  if (a.args === undefined || a.args === '') return 16;
  const value = parseIntegerLiteral(a.args.replace(/^\((.*)\)$/, '$1').trim());
  if (value === undefined) {
    report(a, 'error', 'unsupported', `the alignment '${a.args}' is not supported yet: write a number (or a macro for one)`);
    return undefined;
  }
  const n = Number(value);
  if (n <= 0 || (n & (n - 1)) !== 0 || n > 2 ** 28) {
    report(a, 'error', 'type', `requested alignment '${a.args}' is not a positive power of 2`);
    return undefined;
  }
  return n;
}
