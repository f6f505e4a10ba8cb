'use strict';
const common = require('../common');
const assert = require('assert');
const { atob, btoa, Blob, File } = require('buffer');

const b = Buffer.from([1, 2, 3, 4]);
assert.ok(b instanceof Uint8Array);
assert.ok(Buffer.isBuffer(b));
assert.ok(b.subarray(1, 3) instanceof Buffer);
assert.deepStrictEqual([...b.subarray(1, 3)], [2, 3]);
assert.strictEqual(b.readUInt16LE(0), 0x0201);
assert.strictEqual(b.readUInt32BE(0), 0x01020304);
assert.strictEqual(b.readBigUInt64LE === undefined, false);
assert.strictEqual(Buffer.concat([b, b]).length, 8);
assert.strictEqual(Buffer.compare(Buffer.from('a'), Buffer.from('b')), -1);
assert.deepStrictEqual(b.toJSON(), { type: 'Buffer', data: [1, 2, 3, 4] });
assert.strictEqual(JSON.stringify(Buffer.from('hi')), '{"type":"Buffer","data":[104,105]}');
assert.strictEqual(Buffer.from('abcabc').indexOf('c'), 2);
assert.strictEqual(Buffer.from('abcabc').lastIndexOf('c'), 5);
assert.strictEqual(Buffer.from('abc').includes('bc'), true);
const f = Buffer.alloc(5).fill('ab');
assert.strictEqual(f.toString(), 'ababa');
const w = Buffer.alloc(8);
w.writeDoubleLE(1.5);
assert.strictEqual(w.readDoubleLE(0), 1.5);
w.writeInt32BE(-2, 4);
assert.strictEqual(w.readInt32BE(4), -2);
assert.strictEqual(Buffer.from('héllo').length, 6);
assert.strictEqual(Buffer.byteLength('héllo'), 6);
assert.ok(Buffer.from('abc').equals(Buffer.from('abc')));
assert.strictEqual(Buffer.from(new Uint8Array([5, 6]).buffer, 1, 1)[0], 6);

assert.strictEqual(btoa('hi'), 'aGk=');
assert.strictEqual(atob('aGk='), 'hi');
assert.strictEqual(atob(' aG k= '), 'hi');

const blob = new Blob(['ab', Buffer.from('c')], { type: 'Text/Plain' });
assert.strictEqual(blob.size, 3);
assert.strictEqual(blob.type, 'text/plain');
blob.text().then(common.mustCall((t) => assert.strictEqual(t, 'abc')));
blob.slice(1).arrayBuffer().then(common.mustCall((ab) => {
  assert.deepStrictEqual([...new Uint8Array(ab)], [98, 99]);
}));
const file = new File(['x'], 'name.txt', { lastModified: 5 });
assert.strictEqual(file.name, 'name.txt');
assert.strictEqual(file.lastModified, 5);
assert.ok(file instanceof Blob);
