// A Map cache of 100,000 entries, each a fresh object: the young generation fills and is scavenged many times while it grows.
const cache = new Map();
for (let i = 0; i < 100000; i++) cache.set('k' + i, { v: i });
let total = 0;
for (const entry of cache.values()) total += entry.v;
console.log(total, cache.size);
