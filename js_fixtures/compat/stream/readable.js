// probe: Readable.from, pipe through Transform into Writable, pipeline callback
// api: stream.Readable
const { Readable, Transform, Writable, pipeline } = require('stream');
const chunks = [];
pipeline(
  Readable.from(['a', 'b', 'c']),
  new Transform({ transform(c, _e, cb) { cb(null, String(c).toUpperCase()); } }),
  new Writable({ write(c, _e, cb) { chunks.push(String(c)); cb(); } }),
  (err) => console.log('pipeline done', err, chunks.join('')),
);
