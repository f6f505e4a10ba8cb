// The errors of fs calls under the directory argv[2]: message (with the directory as D), code,
// errno, syscall, path, dest. Same script in Node and hostrt (--allow-write DIR).
'use strict';
const fs = require('fs');
const path = require('path');
const d = process.argv[2];
const at = (...p) => path.join(d, ...p);
function report(label, fn) {
  try {
    fn();
    console.log(label, 'no error');
  } catch (e) {
    const clean = (s) => (typeof s === 'string' ? s.split(d).join('D') : s);
    console.log(label, JSON.stringify([e.name, clean(e.message), e.code, e.errno, e.syscall,
      clean(e.path), clean(e.dest)]));
  }
}
fs.mkdirSync(at('dir'));
fs.writeFileSync(at('dir/file'), 'x');
fs.writeFileSync(at('file'), 'y');
let fd;
report('mkdir exists', () => fs.mkdirSync(at('dir')));
report('mkdir missing parent', () => fs.mkdirSync(at('no/such')));
report('mkdir under a file', () => fs.mkdirSync(at('file/sub')));
report('mkdir recursive over file', () => fs.mkdirSync(at('file'), { recursive: true }));
report('mkdir recursive under file', () => fs.mkdirSync(at('file/a/b'), { recursive: true }));
report('read missing', () => fs.readFileSync(at('missing')));
report('read dir', () => fs.readFileSync(at('dir')));
report('read under a file', () => fs.readFileSync(at('file/x')));
report('write to dir', () => fs.writeFileSync(at('dir'), 'z'));
report('write missing parent', () => fs.writeFileSync(at('no/such'), 'z'));
report('open wx existing', () => fs.openSync(at('file'), 'wx'));
report('open r missing', () => fs.openSync(at('missing'), 'r'));
report('open bad flag', () => fs.openSync(at('file'), 'rq'));
report('rmdir not empty', () => fs.rmdirSync(at('dir')));
report('rmdir file', () => fs.rmdirSync(at('file')));
report('rmdir missing', () => fs.rmdirSync(at('missing')));
report('unlink dir', () => fs.unlinkSync(at('dir')));
report('unlink missing', () => fs.unlinkSync(at('missing')));
report('rm dir', () => fs.rmSync(at('dir')));
report('rm missing', () => fs.rmSync(at('missing')));
report('rename missing', () => fs.renameSync(at('missing'), at('other')));
report('rename dir over file', () => fs.renameSync(at('dir'), at('file')));
report('rename file over dir', () => fs.renameSync(at('file'), at('dir')));
report('rename into itself', () => fs.renameSync(at('dir'), at('dir/inner')));
report('copy missing', () => fs.copyFileSync(at('missing'), at('c')));
report('copy excl', () => fs.copyFileSync(at('file'), at('dir/file'), fs.constants.COPYFILE_EXCL));
report('readdir file', () => fs.readdirSync(at('file')));
report('readdir missing', () => fs.readdirSync(at('missing')));
report('stat missing', () => fs.statSync(at('missing')));
report('lstat under file', () => fs.lstatSync(at('file/x')));
report('realpath missing', () => fs.realpathSync(at('missing')));
report('truncate dir', () => fs.truncateSync(at('dir')));
report('close bad', () => fs.closeSync(9999));
report('fstat bad', () => fs.fstatSync(9999));
report('fd type', () => fs.closeSync('1'));
report('fd range', () => fs.closeSync(-1));
report('fd fraction', () => fs.closeSync(1.5));
report('path type', () => fs.writeFileSync({}, 'x'));
report('data type', () => fs.writeFileSync(at('t'), 5));
report('null byte', () => fs.writeFileSync(at('t\u0000'), 'x'));
report('recursive type', () => fs.mkdirSync(at('r'), { recursive: 'yes' }));
fd = fs.openSync(at('file'), 'r');
report('write to read-only fd', () => fs.writeSync(fd, 'x'));
fs.closeSync(fd);
fd = fs.openSync(at('wo'), 'w');
report('read write-only fd', () => fs.readSync(fd, Buffer.alloc(1), 0, 1, 0));
fs.closeSync(fd);
report('chown to root', () => fs.chownSync(at('file'), 0, 0));
report('mkdtemp missing parent', () => fs.mkdtempSync(at('no/such-')));
report('access missing', () => fs.accessSync(at('missing')));
