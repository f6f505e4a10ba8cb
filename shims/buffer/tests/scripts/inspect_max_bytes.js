'use strict';
// buffer.INSPECT_MAX_BYTES: checked when set, read by util.inspect at each call; Buffer inspect
// with extra keys; isAscii/isUtf8 on a detached ArrayBuffer.
const buffer = require('buffer');
const util = require('util');
const b = Buffer.from('123456');
console.log(buffer.INSPECT_MAX_BYTES, util.inspect(b));
for (const v of [2, 3.5, 0, Infinity]) {
  buffer.INSPECT_MAX_BYTES = v;
  console.log(v, util.inspect(b), util.inspect(buffer.SlowBuffer(3).fill('a')));
}
for (const bad of [NaN, -1, 'x', null]) {
  try { buffer.INSPECT_MAX_BYTES = bad; } catch (e) { console.log(e.name, e.code, e.message); }
}
buffer.INSPECT_MAX_BYTES = 50;
const empty = Buffer.alloc(0);
empty.prop = 123;
const two = Buffer.from('12');
two.inspect = undefined;
console.log(util.inspect(empty), util.inspect(two), util.inspect({ nested: [Buffer.from('hi')] }));
const ab = new ArrayBuffer(4);
structuredClone(ab, { transfer: [ab] });
for (const f of [buffer.isAscii, buffer.isUtf8]) {
  try { f(ab); } catch (e) { console.log(f.name, e.name, e.code, e.message); }
}
// indexOf/lastIndexOf/includes on something that is no buffer.
for (const f of ['indexOf', 'lastIndexOf', 'includes']) {
  try { Buffer.prototype[f].call({}, 1); } catch (e) { console.log(f, e.code, e.message); }
}
try { new Buffer.prototype.lastIndexOf(1, 'str'); } catch (e) { console.log(e.code, e.message); }
