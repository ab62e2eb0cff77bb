import type { Interp } from '../interp/interp';
import { JsObject } from '../interp/values';
import { defineOwn } from '../interp/objectModel';
import { Scope } from '../interp/scope';
import { EventLoop } from '../interp/eventLoop';
import { protoObject } from './helpers';
import { installObject } from './objectBuiltins';
import { installFunction } from './functionBuiltins';
import { installArray } from './arrayBuiltins';
import { installString } from './stringBuiltins';
import { installNumberAndMath } from './numberMath';
import { installJson } from './jsonBuiltins';
import { installErrors } from './errorBuiltins';
import { installCollections } from './collections';
import { installIterators } from './iterators';
import { installPromise } from './promiseBuiltins';
import { installHost } from './hostBuiltins';
import { installBuffers } from './buffers';
import { installRegExp } from './regexp';
import { installSymbol } from './symbolBuiltins';
import { installReflect } from './reflectBuiltins';
import { installDate } from './dateBuiltins';

/**
 * The global environment a program starts in: the language's built-ins and node's (console,
 * timers, process, require, Buffer), made on the program's heap before its first statement.
 */
export function createRealm(it: Interp): void {
  const objectProto = new JsObject(null);
  it.heap.made(objectProto, 'object', 'Object', undefined);
  const functionProto = protoObject(it, objectProto, 'Function');
  it.intrinsics = {
    objectProto,
    functionProto,
    arrayProto: protoObject(it, objectProto),
    stringProto: protoObject(it, objectProto),
    numberProto: protoObject(it, objectProto),
    booleanProto: protoObject(it, objectProto),
    symbolProto: protoObject(it, objectProto),
    bigintProto: protoObject(it, objectProto),
    iteratorProto: protoObject(it, objectProto),
    generatorProto: undefined as unknown as JsObject,
    promiseProto: protoObject(it, objectProto),
    promiseCtor: undefined as never,
    errorProtos: new Map(),
    protos: new Map(),
  };
  it.intrinsics.generatorProto = protoObject(it, it.intrinsics.iteratorProto);
  it.global = protoObject(it, objectProto);
  it.globalScope = new Scope(undefined, 'global', undefined);
  it.loop = new EventLoop(it);
  defineOwn(it, it.global, 'globalThis', { value: it.global, writable: true, enumerable: false, configurable: true });
  defineOwn(it, it.global, 'global', { value: it.global, writable: true, enumerable: false, configurable: true });
  defineOwn(it, it.global, 'undefined', { value: undefined, writable: false, enumerable: false, configurable: false });
  defineOwn(it, it.global, 'NaN', { value: NaN, writable: false, enumerable: false, configurable: false });
  defineOwn(it, it.global, 'Infinity', { value: Infinity, writable: false, enumerable: false, configurable: false });
  installFunction(it);
  installObject(it);
  installSymbol(it);
  installIterators(it);
  installArray(it);
  installString(it);
  installNumberAndMath(it);
  installErrors(it);
  installJson(it);
  installCollections(it);
  installPromise(it);
  installRegExp(it);
  installBuffers(it);
  installHost(it);
  installReflect(it);
  installDate(it);
}
