'use strict';
// Run with the folder as an --allow-read path (hostrt) / plainly (Node).
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const at = (name) => path.join(__dirname, name);
const steps = [
  (next) => {
    const chunks = [];
    const rs = fs.createReadStream(at('a.txt'), { encoding: 'utf8', start: 6, end: 10 });
    rs.on('data', (d) => chunks.push(d)).on('end', () => console.log('range', JSON.stringify(chunks.join('')), rs.bytesRead));
    rs.on('close', next);
  },
  (next) => {
    let n = 0;
    fs.createReadStream(at('big.txt'), { highWaterMark: 65536 }).on('data', () => n++).on('close', () => { console.log('chunks', n); next(); });
  },
  (next) => fs.createReadStream(at('big.txt')).pipe(crypto.createHash('sha1')).on('data', (d) => { console.log('sha1', d.toString('hex')); next(); }),
  (next) => fs.createReadStream(at('missing.txt')).on('error', (e) => { console.log('error', e.code, e.syscall); next(); }),
  (next) => {
    console.log(fs.createReadStream(at('a.txt')).destroy() instanceof fs.ReadStream, typeof fs.ReadStream);
    for (const opts of [{ start: 5, end: 2 }, { start: 'x' }, { start: 1.5 }, { end: -1 }]) {
      try { fs.createReadStream(at('a.txt'), opts); } catch (e) { console.log(e.code, e.message); }
    }
    next();
  },
];
const run = (i) => { if (i < steps.length) steps[i](() => run(i + 1)); };
run(0);
