'use strict';
// Node 20 details over readable-stream 4: the encoding an object-mode _write gets, null in
// write/end callbacks, defaultEncoding checked when a stream is built, the old module names.
const stream = require('stream');
const { Writable, Readable, Duplex, Transform } = stream;
const log = [];
const out = (...a) => log.push(a.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(' '));
const show = (tag, opts = {}) => new Writable({ objectMode: true, ...opts, write(c, e, cb) { out(tag, typeof c, e === undefined ? 'undefined' : e); cb(); } });
show('end-u8').end(new Uint8Array(2));
show('write-u8').write(new Uint8Array(2));
show('write-str').write('x');
show('write-str-hex').write('ab', 'hex');
const sde = show('after-setDefaultEncoding');
sde.setDefaultEncoding('hex');
sde.write('x');
const bin = new Writable({ write(c, e, cb) { out('bytes', [...c], e); cb(); } });
bin.write(new Uint8Array([1, 2]));
bin.write('s', (err) => out('write cb', err === null ? 'null' : String(err)));
bin.end('t', (err) => out('end cb', err === null ? 'null' : String(err)));
const nodecode = new Writable({ decodeStrings: false, write(c, e, cb) { out('nodecode', c, e); cb(); } });
nodecode.write('s');
nodecode.write('ab', 'hex');
const dup = new Duplex({ objectMode: true, read() {}, write(c, e, cb) { out('duplex', e === undefined ? 'undefined' : e); cb(); } });
dup.write('q');
dup.end(() => out('duplex end cb', 'called'));
const failing = new Writable({ write(c, e, cb) { cb(new Error('kaboom')); } });
failing.on('error', () => {});
failing.end('a', (err) => out('end cb error', err.message));
for (const v of ['buffer', null, undefined, 'HEX', 'UTF-8', 'nope', 'ucs2']) {
  for (const C of [Writable, Readable, Duplex, Transform]) {
    try {
      const s = new C({ defaultEncoding: v });
      out(C.name, v === undefined ? 'undefined' : v, (s._writableState || s._readableState).defaultEncoding);
    } catch (e) {
      out(C.name, v === undefined ? 'undefined' : v, e.code, e.message);
    }
  }
}
const hex = new Readable({ read() {}, defaultEncoding: 'hex' });
hex.push('ab');
hex.push('xy', 'utf8');
hex.on('data', (c) => out('readable hex', [...c]));
for (const name of ['Readable', 'Writable', 'Duplex', 'Transform', 'PassThrough']) {
  out(`_stream_${name.toLowerCase()}`, require(`_stream_${name.toLowerCase()}`) === stream[name]);
}
// Callback order across ticks differs from Node's (readable-stream schedules finish differently).
setTimeout(() => console.log(log.sort().join('\n')), 10);
