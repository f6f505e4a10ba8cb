// Writes made just before process.exit() and in an 'exit' listener still reach the disk.
'use strict';
const fs = require('fs');
const path = require('path');
const d = process.argv[2];
process.on('exit', () => {
  fs.writeFileSync(path.join(d, 'at-exit.txt'), 'written in an exit listener');
});
setTimeout(() => {
  const fd = fs.openSync(path.join(d, 'before-exit.txt'), 'w');
  for (let i = 0; i < 100; i++) fs.writeSync(fd, `line ${i}\n`);
  fs.closeSync(fd);
  process.exit(3);
}, 1);
