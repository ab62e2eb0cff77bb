// Loads a bundle of dist/ through V8's code cache: compiling the 1.3 MB bundle (and the functions
// a run compiles lazily) was a sixth of the CPU time of a CLI run that does little. The cache is
// made after the first run that had none (so it holds what a run compiles), next to the bundle, and
// is used only by the V8 that made it (a rejected cache is made again); a folder we cannot write to
// just means no cache. It is an optimization only: without it the bundle loads as before.
'use strict';
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const Module = require('module');

/** Runs the CommonJS bundle at `file` as `require(file)` would, through the code cache. */
function loadBundle(file, parent) {
  const cacheFile = file + '.' + process.versions.v8.replace(/[^0-9a-z.]/gi, '_') + '.cache';
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const source = fs.readFileSync(file, 'utf8');
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    process.once('exit', () => saveCache(script, cacheFile));
  }
  const bundle = new Module(file, parent);
  bundle.filename = file;
  bundle.paths = Module._nodeModulePaths(path.dirname(file));
  const req = (id) => bundle.require(id);
  req.resolve = (id) => Module._resolveFilename(id, bundle);
  req.main = process.mainModule;
  req.cache = Module._cache;
  bundle.loaded = true;
  script.runInThisContext().call(bundle.exports, bundle.exports, req, bundle, file, path.dirname(file));
  return bundle.exports;
}

function saveCache(script, cacheFile) {
  try {
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, script.createCachedData());
    fs.renameSync(temporary, cacheFile);
  } catch {
    // A read-only install: the bundle is compiled on every run, as without the cache.
  }
}

module.exports = { loadBundle };
