import { type Forkable, forkState, newOwnerId } from './copyOnWrite';
import { TABLE_ENTRY_FLAGS, hardwareEntryHex, makeEntry } from './pageTableEntry';

/**
 * The 4-level page table of x86-64 (PML4 -> PDPT -> PD -> PT). A 48-bit virtual address splits as
 *   [47:39] PML4 index | [38:30] PDPT index | [29:21] PD index | [20:12] PT index | [11:0] offset
 * so each table has 512 entries and one PT maps 2 MiB. Tables are created when a page in their
 * range is first mapped, exactly as the kernel allocates them on the first fault there.
 *
 * Page-table pages get frame numbers from their own pool above the RAM frames: Linux never swaps
 * them out, and keeping them out of the simulated RAM lets a RAM of a few frames hold data pages
 * only. Their count is what /proc/PID/status calls VmPTE.
 *
 * A fork (a step-back checkpoint) shares every table page; a change copies the tables on the
 * path from the root to the entry that this table does not own yet (path copying), so a
 * checkpoint costs nothing until the running machine maps, dirties or evicts a page.
 */
export const ENTRIES_PER_TABLE = 512;
export const LEVEL_NAMES = ['PML4', 'PDPT', 'PD', 'PT'] as const;
export type LevelName = (typeof LEVEL_NAMES)[number];

const PT_SPAN = 512; // pages per PT
const PD_SPAN = 512 * 512;
const PDPT_SPAN = 512 * 512 * 512;

/** One table page: 512 entries, and for upper levels the tables those entries point to. */
export class TableNode {
  readonly entries: Float64Array;
  readonly children: (TableNode | undefined)[] | undefined;
  /** Number of non-empty entries, so empty tables can be found by views. */
  used = 0;

  /** `owner`: the page table that may change this node in place (see PageTable). */
  constructor(readonly level: number, readonly frame: number, readonly owner: number, from?: TableNode) {
    this.entries = from ? from.entries.slice() : new Float64Array(ENTRIES_PER_TABLE);
    this.children = level < 3 ? (from?.children ? from.children.slice() : new Array<TableNode | undefined>(ENTRIES_PER_TABLE)) : undefined;
    if (from) this.used = from.used;
  }
}

/** One step of a walk: the table visited, the index used, the entry found. */
export interface WalkStep {
  readonly level: LevelName;
  readonly index: number;
  /** Physical frame of the table page. */
  readonly tableFrame: number;
  /** The raw entry as stored (see pageTableEntry.ts), 0 if empty. */
  readonly entry: number;
  /** The entry as the hardware would see it, hex. */
  readonly entryHex: string;
}

export interface PageWalk {
  readonly address: number;
  readonly offset: number;
  /** The steps taken; shorter than 4 when an upper-level entry is empty (the walk stops there). */
  readonly steps: readonly WalkStep[];
  /** The PT entry, or 0 when the walk stopped early. */
  readonly leafEntry: number;
}

/** The four indices and the offset of a virtual address. */
export function splitAddress(address: number): { indices: [number, number, number, number]; offset: number } {
  const vpn = Math.floor(address / 4096);
  return {
    indices: [
      Math.floor(vpn / PDPT_SPAN) % 512,
      Math.floor(vpn / PD_SPAN) % 512,
      Math.floor(vpn / PT_SPAN) % 512,
      vpn % 512,
    ],
    offset: address % 4096,
  };
}

export class PageTable implements Forkable {
  private rootNode: TableNode;
  private id = newOwnerId();
  private nextTableFrame: number;
  private tableCount = 0;
  // The last PT found: consecutive pages usually share one (it spans 2 MiB).
  private lastLeafKey = -1;
  private lastLeaf: Float64Array | undefined;

  /** @param firstTableFrame frame number of the first page-table page (above the RAM frames) */
  constructor(firstTableFrame: number) {
    this.nextTableFrame = firstTableFrame;
    this.rootNode = this.newTable(0);
  }

  get root(): TableNode {
    return this.rootNode;
  }

  /** Pages used by page tables (PML4 included). */
  get tablePages(): number {
    return this.tableCount;
  }

  /** The PT holding the entry of virtual page `vpn` (index vpn % 512), or undefined if none yet. */
  leaf(vpn: number): Float64Array | undefined {
    const key = vpn - (vpn % PT_SPAN);
    if (key === this.lastLeafKey) return this.lastLeaf;
    const pdpt = this.root.children![Math.floor(vpn / PDPT_SPAN) % 512];
    const pd = pdpt?.children![Math.floor(vpn / PD_SPAN) % 512];
    const pt = pd?.children![Math.floor(vpn / PT_SPAN) % 512];
    if (!pt) return undefined;
    this.lastLeafKey = key;
    this.lastLeaf = pt.entries;
    return pt.entries;
  }

  /** Reads the PT entry of `vpn` (0 when no table covers it). */
  entry(vpn: number): number {
    const leaf = this.leaf(vpn);
    return leaf ? leaf[vpn % 512] : 0;
  }

  /** Writes the PT entry of `vpn`, creating tables if needed; keeps the tables' usage counts. */
  setEntry(vpn: number, entry: number): void {
    const node = this.ptNode(vpn, entry !== 0);
    if (!node) return;
    // The PT may have just been copied from one shared with a fork: reads must see the copy.
    this.lastLeafKey = vpn - (vpn % PT_SPAN);
    this.lastLeaf = node.entries;
    const index = vpn % 512;
    const before = node.entries[index];
    node.entries[index] = entry;
    if (before === 0 && entry !== 0) node.used++;
    else if (before !== 0 && entry === 0) node.used--;
  }

  /** The walk the hardware would do for `address`, step by step, for the views. */
  walk(address: number): PageWalk {
    const { indices, offset } = splitAddress(address);
    const steps: WalkStep[] = [];
    let node: TableNode | undefined = this.root;
    let leafEntry = 0;
    for (let level = 0; level < 4 && node; level++) {
      const entry = node.entries[indices[level]];
      steps.push({ level: LEVEL_NAMES[level], index: indices[level], tableFrame: node.frame, entry, entryHex: hardwareEntryHex(entry) });
      if (level === 3) leafEntry = entry;
      node = node.children?.[indices[level]];
    }
    return { address, offset, steps, leafEntry };
  }

  /**
   * Calls `visit(vpn, entry)` for every non-empty PT entry with vpn in [firstVpn, endVpn),
   * skipping the ranges no table covers.
   */
  forEachEntry(firstVpn: number, endVpn: number, visit: (vpn: number, entry: number) => void): void {
    let vpn = firstVpn;
    while (vpn < endVpn) {
      const leaf = this.leaf(vpn);
      const tableEnd = Math.min(endVpn, vpn - (vpn % PT_SPAN) + PT_SPAN);
      if (leaf) {
        for (; vpn < tableEnd; vpn++) {
          const entry = leaf[vpn % 512];
          if (entry !== 0) visit(vpn, entry);
        }
      }
      vpn = tableEnd;
    }
  }

  /** Page-table pages per level (PML4, PDPT, PD, PT). */
  tablesPerLevel(): [number, number, number, number] {
    const counts: [number, number, number, number] = [0, 0, 0, 0];
    const visit = (node: TableNode): void => {
      counts[node.level]++;
      node.children?.forEach((child) => child && visit(child));
    };
    visit(this.root);
    return counts;
  }

  /** A copy sharing every table page until either side changes one. */
  [forkState](): this {
    const copy = Object.assign(Object.create(PageTable.prototype) as PageTable, this);
    copy.id = newOwnerId();
    this.id = newOwnerId();
    return copy as this;
  }

  /**
   * The PT of `vpn`, owned by this table (the tables on the path copied if a fork shares them),
   * creating missing tables on the way when `create` (what the fault handler does).
   */
  private ptNode(vpn: number, create: boolean): TableNode | undefined {
    if (this.rootNode.owner !== this.id) this.rootNode = new TableNode(0, this.rootNode.frame, this.id, this.rootNode);
    let node = this.rootNode;
    for (let level = 0; level < 3; level++) {
      const span = level === 0 ? PDPT_SPAN : level === 1 ? PD_SPAN : PT_SPAN;
      const index = Math.floor(vpn / span) % 512;
      let child: TableNode | undefined = node.children![index];
      if (!child) {
        if (!create) return undefined;
        child = this.newTable(level + 1);
        node.children![index] = child;
        node.entries[index] = makeEntry(child.frame, TABLE_ENTRY_FLAGS);
        node.used++;
      } else if (child.owner !== this.id) {
        child = new TableNode(child.level, child.frame, this.id, child);
        node.children![index] = child;
      }
      node = child;
    }
    return node;
  }

  private newTable(level: number): TableNode {
    this.tableCount++;
    return new TableNode(level, this.nextTableFrame++, this.id);
  }
}
