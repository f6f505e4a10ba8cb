// Differential probe: run by real Node and by hostrt; stdout must be identical.
const { Readable, addAbortSignal, finished } = require('stream');
const ac = new AbortController();
const r = addAbortSignal(ac.signal, new Readable({ read() {} }));
r.on('error', (e) => console.log('error', e.name, e.code));
finished(r, (err) => console.log('finished', err && err.name));
ac.abort();
const { StringDecoder } = require('string_decoder');
console.log(typeof StringDecoder);
