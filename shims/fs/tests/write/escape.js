// Tries to change things outside the granted directory argv[2] (argv[3]: a directory that must
// stay untouched, argv[4]: a symbolic link inside argv[2] pointing at it). Prints each outcome.
'use strict';
const fs = require('fs');
const path = require('path');
const [d, outside, link] = process.argv.slice(2);
function attempt(label, fn) {
  try {
    fn();
    console.log(label, 'allowed');
  } catch (e) {
    console.log(label, e.code, e.permission || '');
  }
}
attempt('absolute outside', () => fs.writeFileSync(path.join(outside, 'a.txt'), 'x'));
attempt('dot-dot', () => fs.writeFileSync(`${d}/../${path.basename(outside)}/b.txt`, 'x'));
attempt('relative', () => fs.writeFileSync('c.txt', 'x'));
attempt('mkdir outside', () => fs.mkdirSync(path.join(outside, 'sub')));
attempt('rename out', () => { fs.writeFileSync(path.join(d, 'in.txt'), 'x'); fs.renameSync(path.join(d, 'in.txt'), path.join(outside, 'out.txt')); });
attempt('rm the root', () => fs.rmSync(d, { recursive: true }));
attempt('rm outside', () => fs.rmSync(outside, { recursive: true }));
attempt('through the link', () => fs.writeFileSync(path.join(link, 'via-link.txt'), 'x'));
attempt('unlink outside', () => fs.unlinkSync(path.join(outside, 'keep.txt')));
attempt('read outside', () => fs.readFileSync(path.join(outside, 'keep.txt')));
