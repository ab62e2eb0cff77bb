/**
 * The DAP custom event each stop sends: `{ snapshot, marks }`, the snapshot for the memory panel
 * and the lines of the last allocation and free for the editor (the adapter never touches either).
 * In a file of its own so that the extension can listen for it without loading the adapter.
 */
export const SNAPSHOT_EVENT = 'memoryAtlas.snapshot';
