import { PAGE_SIZE } from '../addressSpace/layout';

/**
 * A file the simulated process can map: a name and bytes. The bytes are stored sparsely by page,
 * so a large file of zeros (libc's 1.9 MB image, say) costs nothing until a page is written.
 */
export class SimulatedFile {
  private readonly pages = new Map<number, Uint8Array>();

  constructor(
    readonly id: number,
    readonly path: string,
    private length: number,
    /** Device and inode as /proc/self/maps shows them. */
    readonly device: string,
    readonly inode: number,
  ) {}

  get size(): number {
    return this.length;
  }

  /** Page `index` holds bytes that are not all zero (was ever written). */
  holdsPage(index: number): boolean {
    return this.pages.has(index);
  }

  /** Copies page `index` of the file into `into` (bytes past the end of the file read as zero). */
  readPage(index: number, into: Uint8Array): void {
    const page = this.pages.get(index);
    if (page) into.set(page);
    else into.fill(0);
    const validBytes = this.length - index * PAGE_SIZE;
    if (validBytes < PAGE_SIZE) into.fill(0, Math.max(0, validBytes));
  }

  /** Stores a page written back from memory; only the part inside the file is kept. */
  writePage(index: number, from: Uint8Array): void {
    const validBytes = Math.min(PAGE_SIZE, this.length - index * PAGE_SIZE);
    if (validBytes <= 0) return;
    const page = this.pageForWrite(index);
    page.set(from.subarray(0, validBytes));
  }

  /** pwrite: writes bytes at `offset`, growing the file if needed. */
  write(offset: number, bytes: Uint8Array): void {
    this.length = Math.max(this.length, offset + bytes.length);
    let done = 0;
    while (done < bytes.length) {
      const at = offset + done;
      const index = Math.floor(at / PAGE_SIZE);
      const inPage = at % PAGE_SIZE;
      const n = Math.min(PAGE_SIZE - inPage, bytes.length - done);
      this.pageForWrite(index).set(bytes.subarray(done, done + n), inPage);
      done += n;
    }
  }

  /** pread(offset, length): the stored bytes from `offset`, fewer at the end of the file. */
  readAt(offset: number, length: number): Uint8Array {
    const n = Math.max(0, Math.min(length, this.length - offset));
    const out = new Uint8Array(n);
    let done = 0;
    while (done < n) {
      const at = offset + done;
      const index = Math.floor(at / PAGE_SIZE);
      const inPage = at % PAGE_SIZE;
      const count = Math.min(PAGE_SIZE - inPage, n - done);
      const page = this.pages.get(index);
      if (page) out.set(page.subarray(inPage, inPage + count), done);
      done += count;
    }
    return out;
  }

  /** pread of the whole file as stored (dirty mapped pages not yet written back are not seen). */
  contents(): Uint8Array {
    const out = new Uint8Array(this.length);
    for (const [index, page] of this.pages) {
      const start = index * PAGE_SIZE;
      if (start < this.length) out.set(page.subarray(0, Math.min(PAGE_SIZE, this.length - start)), start);
    }
    return out;
  }

  /** ftruncate. */
  truncate(length: number): void {
    this.length = length;
    for (const index of this.pages.keys()) if (index * PAGE_SIZE >= length) this.pages.delete(index);
    const last = this.pages.get(Math.floor(length / PAGE_SIZE));
    last?.fill(0, length % PAGE_SIZE);
  }

  private pageForWrite(index: number): Uint8Array {
    let page = this.pages.get(index);
    if (!page) {
      page = new Uint8Array(PAGE_SIZE);
      this.pages.set(index, page);
    }
    return page;
  }
}

/** The files of the simulated machine, by path. */
export class FileStore {
  private readonly byPath = new Map<string, SimulatedFile>();
  private readonly byId: SimulatedFile[] = [];
  private nextInode = 2_000_001;

  /** Creates (or replaces) a file with the given contents. */
  create(path: string, contents: Uint8Array | string = new Uint8Array(0), identity?: { device: string; inode: number }): SimulatedFile {
    const bytes = typeof contents === 'string' ? new TextEncoder().encode(contents) : contents;
    // Files created by the program live on a tmpfs-like device, as /dev/shm or /tmp would be.
    const file = new SimulatedFile(this.byId.length, path, 0, identity?.device ?? '00:1a', identity?.inode ?? this.nextInode++);
    file.write(0, bytes);
    this.byPath.set(path, file);
    this.byId.push(file);
    return file;
  }

  /** A file of `size` zero bytes, stored as nothing until written (program and library images). */
  createSparse(path: string, size: number, identity: { device: string; inode: number }): SimulatedFile {
    const file = new SimulatedFile(this.byId.length, path, size, identity.device, identity.inode);
    this.byPath.set(path, file);
    this.byId.push(file);
    return file;
  }

  get(path: string): SimulatedFile | undefined {
    return this.byPath.get(path);
  }

  byIdentifier(id: number): SimulatedFile {
    const file = this.byId[id];
    if (!file) throw new Error(`internal: no file with id ${id}`);
    return file;
  }
}
