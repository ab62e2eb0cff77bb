import type { CType, RecordType, EnumType } from './types';

/**
 * The names a C scope declares besides objects (C11 6.2.3): typedef names and enum constants in
 * the ordinary namespace, struct/union/enum tags in their own. Block scopes chain to their parent.
 */
export class TypeScope {
  private readonly typedefs = new Map<string, CType>();
  private readonly tags = new Map<string, RecordType | EnumType>();
  private readonly enumConstants = new Map<string, bigint>();

  constructor(readonly parent?: TypeScope) {}

  child(): TypeScope {
    return new TypeScope(this);
  }

  defineTypedef(name: string, type: CType): void {
    this.typedefs.set(name, type);
  }

  /** A typedef of this scope itself (not of an enclosing one). */
  ownTypedef(name: string): CType | undefined {
    return this.typedefs.get(name);
  }

  lookupTypedef(name: string): CType | undefined {
    return this.typedefs.get(name) ?? this.parent?.lookupTypedef(name);
  }

  defineTag(name: string, type: RecordType | EnumType): void {
    this.tags.set(name, type);
  }

  /** Looks a tag up in this scope only (a definition in an inner scope declares a new type). */
  ownTag(name: string): RecordType | EnumType | undefined {
    return this.tags.get(name);
  }

  lookupTag(name: string): RecordType | EnumType | undefined {
    return this.tags.get(name) ?? this.parent?.lookupTag(name);
  }

  defineEnumConstant(name: string, value: bigint): void {
    this.enumConstants.set(name, value);
  }

  lookupEnumConstant(name: string): bigint | undefined {
    return this.enumConstants.get(name) ?? this.parent?.lookupEnumConstant(name);
  }
}
