/**
 * A forest of rooted trees over node numbers 1..n with link, cut and "which tree root is above
 * this node" in amortized O(log n) (Sleator and Tarjan's link-cut trees: each tree is split into
 * preferred paths, each path kept as a splay tree keyed by depth). The leak tracker keeps, for
 * every reachable block, the pointer that supports it as a tree edge; asking whether a holder is
 * still connected to a root is then a findRoot, not a walk up a list a million nodes long.
 *
 * Columns are typed arrays grown on demand; node 0 is "none". No evert: a node is only ever
 * linked as the root of its own tree, so no reversal bits are needed.
 */
export class LinkCutForest {
  /** Splay-tree parent, or (for a splay root) the path-parent: the node above the path. */
  private up = new Int32Array(1024);
  private left = new Int32Array(1024);
  private right = new Int32Array(1024);

  /** Makes room for nodes below `n`. */
  ensure(n: number): void {
    if (n < this.up.length) return;
    let size = this.up.length;
    while (size <= n) size *= 2;
    const grow = (a: Int32Array) => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    this.up = grow(this.up);
    this.left = grow(this.left);
    this.right = grow(this.right);
  }

  /** The root of the tree holding x. */
  findRoot(x: number): number {
    this.access(x);
    let r = x;
    while (this.left[r] !== 0) r = this.left[r];
    this.splay(r);
    return r;
  }

  /** Makes tree root x a child of p (x must be a root, p in another tree). */
  link(x: number, p: number): void {
    this.access(x);
    this.up[x] = p;
  }

  /** Detaches x (and its subtree) from its parent; x becomes a root. */
  cut(x: number): void {
    this.access(x);
    const l = this.left[x];
    if (l !== 0) {
      this.up[l] = 0;
      this.left[x] = 0;
    }
  }

  /** Forgets a node (all its links must be cut first). */
  reset(x: number): void {
    this.up[x] = 0;
    this.left[x] = 0;
    this.right[x] = 0;
  }

  /** Forgets every node. */
  clear(): void {
    this.up.fill(0);
    this.left.fill(0);
    this.right.fill(0);
  }

  private isSplayRoot(x: number): boolean {
    const p = this.up[x];
    return p === 0 || (this.left[p] !== x && this.right[p] !== x);
  }

  private rotate(x: number): void {
    const p = this.up[x];
    const g = this.up[p];
    const { left, right, up } = this;
    if (!this.isSplayRoot(p)) {
      if (left[g] === p) left[g] = x;
      else right[g] = x;
    }
    up[x] = g;
    if (left[p] === x) {
      const b = right[x];
      left[p] = b;
      if (b !== 0) up[b] = p;
      right[x] = p;
    } else {
      const b = left[x];
      right[p] = b;
      if (b !== 0) up[b] = p;
      left[x] = p;
    }
    up[p] = x;
  }

  private splay(x: number): void {
    while (!this.isSplayRoot(x)) {
      const p = this.up[x];
      if (!this.isSplayRoot(p)) {
        const g = this.up[p];
        const zigzig = (this.left[g] === p) === (this.left[p] === x);
        this.rotate(zigzig ? p : x);
      }
      this.rotate(x);
    }
  }

  /** Makes the path from the tree root to x preferred, with x at its splay root and nothing below it. */
  private access(x: number): void {
    let last = 0;
    for (let y = x; y !== 0; y = this.up[y]) {
      this.splay(y);
      this.right[y] = last;
      last = y;
    }
    this.splay(x);
  }
}
