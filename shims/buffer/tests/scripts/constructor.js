'use strict';
// Buffer(...) and SlowBuffer(...) as Node's functions: with or without new, Node's checks and
// codes, buffers from subarray/slice/map are Buffers, and instances of npm buffer's methods.
const { SlowBuffer, kMaxLength } = require('buffer');
const b = Buffer(3);
console.log(b instanceof Buffer, b.length, Buffer.prototype.constructor === Buffer, Buffer.name, Buffer.length);
console.log(Object.getPrototypeOf(Buffer) === Uint8Array, Buffer.from('ab') instanceof Buffer, Buffer.isBuffer(new Buffer('x')));
console.log(new Buffer('abc', 'latin1'), Buffer([1, 2]), new Buffer(new Uint8Array([5]).buffer));
const show = (f) => { try { console.log(f()); } catch (e) { console.log(e.name, e.code, e.message.split('. Received')[0].replace(String(kMaxLength), 'kMaxLength')); } };
show(() => Buffer(1, 'utf8'));
show(() => Buffer(-1));
show(() => Buffer(kMaxLength + 1));
show(() => SlowBuffer(2).length);
for (const bad of [undefined, {}, '6', true]) show(() => SlowBuffer(bad));
for (const bad of [NaN, Infinity, -1, kMaxLength + 1]) show(() => SlowBuffer(bad));
const big = Buffer.from('abcdef');
console.log(big.subarray(1, 3), big.slice(2).constructor === Buffer, big.map((x) => x + 1), big.filter((x) => x > 99));
class Sub extends Buffer {}
console.log(typeof Sub, Buffer[Symbol.species] === Buffer, typeof Buffer[Symbol.species]);
console.log(Buffer.of(1, 2, 300), Buffer.of().length, Buffer.of.name, Buffer.of.length);
process.on('warning', (w) => console.log('warning', w.name, w.code));
Buffer.of(1);
Buffer.from([1]);
Buffer.alloc(1).subarray(0);
setTimeout(() => console.log('done'), 5);
