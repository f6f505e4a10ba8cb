'use strict';
const common = require('../common');
const assert = require('assert');
const Stream = require('stream');
const { Readable, Writable, Transform, PassThrough, Duplex, pipeline, finished } = Stream;
const sp = require('stream/promises');
const EventEmitter = require('events');

assert.strictEqual(Stream.Stream, Stream);
assert.ok(new Readable() instanceof EventEmitter);
assert.ok(new Duplex() instanceof Readable);
assert.strictEqual(sp, Stream.promises);

const upper = new Transform({
  transform(chunk, enc, cb) { cb(null, chunk.toString().toUpperCase()); },
});
const out = [];
const sink = new Writable({
  write(chunk, enc, cb) { out.push(chunk.toString()); cb(); },
});
pipeline(Readable.from(['a', 'b', 'c']), upper, sink, common.mustSucceed(() => {
  assert.strictEqual(out.join(''), 'ABC');
}));

const r = new Readable({ read() {} });
const data = [];
r.on('data', (d) => data.push(d.toString()));
r.on('end', common.mustCall(() => assert.deepStrictEqual(data, ['x', 'y'])));
r.push('x');
r.push('y');
r.push(null);
finished(r, common.mustSucceed());

// Back-pressure: write() returns false past highWaterMark, then 'drain'.
const slow = new Writable({ highWaterMark: 2, write(c, e, cb) { setTimeout(cb, 1); } });
assert.strictEqual(slow.write('abc'), false);
assert.strictEqual(slow.writableNeedDrain, true);
slow.on('drain', common.mustCall());

// Object mode and errors.
const objs = new Readable({ objectMode: true, read() {} });
objs.push({ a: 1 });
objs.push(null);
objs.once('data', common.mustCall((o) => assert.deepStrictEqual(o, { a: 1 })));
const failing = new Readable({ read() { this.destroy(new Error('boom')); } });
failing.on('error', common.mustCall((err) => assert.strictEqual(err.message, 'boom')));
failing.resume();

(async () => {
  const seen = [];
  for await (const c of Readable.from([1, 2, 3])) seen.push(c);
  assert.deepStrictEqual(seen, [1, 2, 3]);
  const pt = new PassThrough();
  pt.end('hello');
  let s = '';
  for await (const c of pt) s += c;
  assert.strictEqual(s, 'hello');
  await sp.pipeline(Readable.from(['q']), new Writable({ write(c, e, cb) { cb(); } }));
  await assert.rejects(sp.pipeline(new Readable({ read() { this.destroy(new Error('p')); } }), new PassThrough()), { message: 'p' });
  assert.deepStrictEqual(await Readable.from([1, 2, 3]).map((x) => x * 2).toArray(), [2, 4, 6]);
  const { text, json, buffer } = require('stream/consumers');
  assert.strictEqual(await text(Readable.from(['a', 'b'])), 'ab');
  assert.deepStrictEqual(await json(Readable.from(['{"a":', '1}'])), { a: 1 });
  assert.strictEqual((await buffer(Readable.from([Buffer.from('z')]))).toString(), 'z');
})().then(common.mustCall());
