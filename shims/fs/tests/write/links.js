// Symbolic and hard links under the directory argv[2]; same script in Node and hostrt.
'use strict';
const fs = require('fs');
const path = require('path');
const d = process.argv[2];
const at = (...p) => path.join(d, ...p);
const show = (label, v) => console.log(label, JSON.stringify(v));
const clean = (s) => (typeof s === 'string' ? s.split(d).join('D') : s);
function report(label, fn) {
  try { show(label, clean(fn())); } catch (e) { show(label, [e.code, e.syscall, clean(e.message)]); }
}
fs.mkdirSync(at('real/sub'), { recursive: true });
fs.writeFileSync(at('real/file.txt'), 'data');
fs.symlinkSync('real', at('dirlink'));
fs.symlinkSync(at('real/file.txt'), at('abslink'));
fs.symlinkSync('nowhere', at('dangling'));
report('readlink', () => [fs.readlinkSync(at('dirlink')), fs.readlinkSync(at('abslink')).split(d).join('D')]);
report('lstat', () => [fs.lstatSync(at('dirlink')).isSymbolicLink(), fs.statSync(at('dirlink')).isDirectory()]);
report('read through', () => fs.readFileSync(at('dirlink/file.txt'), 'utf8'));
fs.writeFileSync(at('dirlink/via.txt'), 'via link');
report('written through', () => fs.readFileSync(at('real/via.txt'), 'utf8'));
fs.appendFileSync(at('abslink'), '+more');
report('append through', () => fs.readFileSync(at('real/file.txt'), 'utf8'));
report('realpath', () => fs.realpathSync(at('dirlink/sub')));
report('dirents', () => fs.readdirSync(d, { withFileTypes: true }).map((e) => [e.name, e.isSymbolicLink(), e.isDirectory()]));
report('dangling stat', () => fs.statSync(at('dangling')));
report('dangling exists', () => fs.existsSync(at('dangling')));
report('readlink of a file', () => fs.readlinkSync(at('real/file.txt')));
report('symlink exists', () => fs.symlinkSync('x', at('abslink')));
fs.linkSync(at('real/file.txt'), at('hard.txt'));
report('nlink', () => [fs.statSync(at('hard.txt')).nlink, fs.statSync(at('real/file.txt')).ino === fs.statSync(at('hard.txt')).ino]);
fs.writeFileSync(at('hard.txt'), 'changed via the hard link');
report('hard link shares', () => fs.readFileSync(at('real/file.txt'), 'utf8'));
report('link exists', () => fs.linkSync(at('hard.txt'), at('real/file.txt')));
report('link dir', () => fs.linkSync(at('real'), at('dirhard')));
fs.unlinkSync(at('dangling'));
fs.renameSync(at('abslink'), at('moved-link'));
report('after rename', () => fs.readFileSync(at('moved-link'), 'utf8'));
fs.rmSync(at('dirlink'));
report('rm link keeps target', () => fs.readdirSync(at('real')));
