import type { CType } from '../../types';
import type { Storage } from './checkedTree';

/** What an ordinary identifier names (C11 6.2.3), besides typedefs and enum constants. */
export type Binding =
  | { readonly kind: 'object'; readonly name: string; readonly type: CType; readonly storage: Storage }
  | { readonly kind: 'function'; readonly name: string; readonly type: CType & { kind: 'function' }; readonly address: number; readonly library: boolean }
  /**
   * A name whose declaration was reported as wrong or unsupported: it is declared (so no
   * "'x' undeclared" follows at each use), and an expression using it is dropped silently, since
   * the only thing to say about it was said at the declaration.
   */
  | { readonly kind: 'failed'; readonly name: string }
  /**
   * A function or object declared (a prototype, `extern int x;`) but defined neither in this file
   * nor by the library: as with gcc and ld, only a use of it is an error (an undefined reference).
   */
  | { readonly kind: 'undefined-external'; readonly name: string };

/** Block scopes of objects and functions; an inner declaration hides an outer one (C11 6.2.1p4). */
export class ObjectScope {
  private readonly names = new Map<string, Binding>();

  constructor(readonly parent?: ObjectScope) {}

  define(binding: Binding): void {
    this.names.set(binding.name, binding);
  }

  own(name: string): Binding | undefined {
    return this.names.get(name);
  }

  lookup(name: string): Binding | undefined {
    return this.names.get(name) ?? this.parent?.lookup(name);
  }
}
