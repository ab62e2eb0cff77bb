/**
 * The page cache of shared file mappings: which frame holds page `index` of file `fileId`.
 * Every MAP_SHARED mapping of the same file page maps that one frame, which is why a store
 * through one mapping is seen through the other and ends up in the file.
 */
export class PageCache {
  private readonly frames = new Map<number, Map<number, number>>();

  frameOf(fileId: number, index: number): number | undefined {
    return this.frames.get(fileId)?.get(index);
  }

  add(fileId: number, index: number, frame: number): void {
    let pages = this.frames.get(fileId);
    if (!pages) {
      pages = new Map();
      this.frames.set(fileId, pages);
    }
    pages.set(index, frame);
  }

  remove(fileId: number, index: number): void {
    this.frames.get(fileId)?.delete(index);
  }
}
