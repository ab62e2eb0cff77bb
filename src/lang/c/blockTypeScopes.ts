import type { SyntaxNode } from './parser';
import type { TypeScope } from './typeScope';

/**
 * The type scopes (tags and typedefs, C11 6.2.1p4) of the blocks of one function body, made as a
 * pass over the body first meets them: a declaration's scope is its innermost enclosing block's,
 * each block's a child of the block around it, the body's a child of the file scope. The
 * pre-pass that places static objects resolves a function's declarations this way, so
 * `struct T { int y; }` in an inner block is a new type, not a redefinition of the outer `struct T`.
 */
export class BlockTypeScopes {
  private readonly scopes = new Map<number, TypeScope>();

  constructor(private readonly fileScope: TypeScope, private readonly body: SyntaxNode) {}

  of(node: SyntaxNode): TypeScope {
    const block = this.enclosingBlock(node);
    if (!block) return this.fileScope;
    let scope = this.scopes.get(block.id);
    if (!scope) {
      scope = (block.id === this.body.id ? this.fileScope : this.of(block)).child();
      this.scopes.set(block.id, scope);
    }
    return scope;
  }

  /** The innermost block (compound statement, or a `for` that declares) holding the node, inside the body. */
  private enclosingBlock(node: SyntaxNode): SyntaxNode | undefined {
    if (node.id === this.body.id) return undefined;
    for (let p = node.parent; p; p = p.parent) {
      if (p.type === 'compound_statement' || p.type === 'for_statement') return p;
      if (p.id === this.body.id) return undefined;
    }
    return undefined;
  }
}
