/**
 * A map from word addresses to small positive integers (0: none), for tables with a million
 * entries keyed by user addresses. Such addresses (0x5555_5555_xxxx, 0x7ffd_xxxx_xxxx) are not
 * V8 small integers: a Map keyed by them boxes and hashes a double at every lookup and holds a
 * heap number per key. Here an 8-byte-aligned address is a page (found through two maps keyed by
 * small integers) and a slot of that page's Int32Array; the rare unaligned address goes to a Map.
 */
export class AddressTable {
  /** Pages by zone (page / 2^20) and page within the zone: both small integers. */
  private readonly zones = new Map<number, Map<number, Int32Array>>();
  private readonly unaligned = new Map<number, number>();
  private lastPage = -1;
  private lastSlots: Int32Array | undefined;

  // An address splits into its page and the offset there by a division and a subtraction: `%`
  // on an address above 2^31 (a double to V8) is a call into the C library's fmod.

  get(addr: number): number {
    const page = Math.floor(addr / PAGE_SIZE);
    const offset = addr - page * PAGE_SIZE;
    if ((offset & 7) !== 0) return this.unaligned.get(addr) ?? 0;
    const slots = this.slots(page, false);
    return slots === undefined ? 0 : slots[offset >> 3];
  }

  has(addr: number): boolean {
    return this.get(addr) !== 0;
  }

  /** `value` (a positive integer) for `addr`. */
  set(addr: number, value: number): void {
    const page = Math.floor(addr / PAGE_SIZE);
    const offset = addr - page * PAGE_SIZE;
    if ((offset & 7) !== 0) this.unaligned.set(addr, value);
    else this.slots(page, true)![offset >> 3] = value;
  }

  delete(addr: number): void {
    const page = Math.floor(addr / PAGE_SIZE);
    const offset = addr - page * PAGE_SIZE;
    if ((offset & 7) !== 0) {
      this.unaligned.delete(addr);
      return;
    }
    const slots = this.slots(page, false);
    if (slots !== undefined) slots[offset >> 3] = 0;
  }

  clear(): void {
    this.zones.clear();
    this.unaligned.clear();
    this.lastPage = -1;
    this.lastSlots = undefined;
  }

  private slots(page: number, create: boolean): Int32Array | undefined {
    if (page === this.lastPage) return this.lastSlots;
    const zoneId = Math.floor(page / ZONE_PAGES);
    let zone = this.zones.get(zoneId);
    if (zone === undefined) {
      if (!create) return undefined;
      zone = new Map();
      this.zones.set(zoneId, zone);
    }
    const inZone = page - zoneId * ZONE_PAGES;
    let slots = zone.get(inZone);
    if (slots === undefined) {
      if (!create) return undefined;
      slots = new Int32Array(PAGE_SIZE / 8);
      zone.set(inZone, slots);
    }
    this.lastPage = page;
    this.lastSlots = slots;
    return slots;
  }
}

const PAGE_SIZE = 4096;
const ZONE_PAGES = 2 ** 20;
