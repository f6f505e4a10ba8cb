'use strict';
const write = process.stdout.write;
function attempt(isTTY) {
  let buf = '';
  process.stdout.isTTY = isTTY;
  process.stdout.write = (s) => { buf += s; return true; };
  console.clear();
  process.stdout.write = write;
  return JSON.stringify(buf);
}
process.env.TERM = 'xterm';
const tty = attempt(true);
const pipe = attempt(false);
process.env.TERM = 'dumb';
const dumb = attempt(true);
console.log(tty, pipe, dumb);
