// Writes, reads and renames under the directory given as argv[2]; prints what each call
// returns. Run by Node and by hostrt (--allow-write DIR); outputs and the trees are compared.
'use strict';
const fs = require('fs');
const path = require('path');
const d = process.argv[2];
const at = (...p) => path.join(d, ...p);
const show = (label, v) => console.log(label, JSON.stringify(v));

show('mkdir recursive', fs.mkdirSync(at('a/b/c'), { recursive: true }) === at('a'));
show('mkdir again', fs.mkdirSync(at('a/b'), { recursive: true }));
fs.writeFileSync(at('a/x.txt'), 'hello');
fs.appendFileSync(at('a/x.txt'), Buffer.from(' world'));
show('read', fs.readFileSync(at('a/x.txt'), 'utf8'));
show('read latin1', fs.readFileSync(at('a/x.txt'), { encoding: 'latin1' }));
fs.writeFileSync(at('utf.txt'), 'h\u00e9llo \u{1f600}', { mode: 0o600 });
show('utf8 bytes', fs.readFileSync(at('utf.txt')).length);
fs.writeFileSync(at('hex.bin'), 'deadbeef', 'hex');
show('hex', [...fs.readFileSync(at('hex.bin'))]);

const fd = fs.openSync(at('f.bin'), 'w+');
show('fd is a number', typeof fd);
show('write', fs.writeSync(fd, Buffer.from('abcdef')));
show('write at', fs.writeSync(fd, 'XY', 2));
show('write past end', fs.writeSync(fd, Buffer.from('Z'), 0, 1, 9));
const b = Buffer.alloc(10);
show('read at 0', [fs.readSync(fd, b, 0, 10, 0), [...b]]);
show('fstat', [fs.fstatSync(fd).size, fs.fstatSync(fd).isFile(), fs.fstatSync(fd).isDirectory()]);
fs.ftruncateSync(fd, 4);
show('after ftruncate', fs.readFileSync(at('f.bin'), 'latin1'));
fs.closeSync(fd);

const ap = fs.openSync(at('log.txt'), 'a');
fs.writeSync(ap, 'one\n');
fs.writeSync(ap, 'two\n', 0);  // appends whatever the position
fs.closeSync(ap);
show('appended', fs.readFileSync(at('log.txt'), 'utf8'));
const rw = fs.openSync(at('log.txt'), 'r+');
fs.writeSync(rw, 'ONE');
fs.closeSync(rw);
show('r+', fs.readFileSync(at('log.txt'), 'utf8'));
const wx = fs.openSync(at('fresh.txt'), 'wx');
fs.closeSync(wx);
show('wx size', fs.statSync(at('fresh.txt')).size);

fs.renameSync(at('a/x.txt'), at('a/b/y.txt'));
fs.copyFileSync(at('a/b/y.txt'), at('copy.txt'));
fs.renameSync(at('a/b'), at('moved'));
show('readdir', fs.readdirSync(d));
show('readdir recursive', fs.readdirSync(d, { recursive: true }));
show('dirents', fs.readdirSync(d, { withFileTypes: true }).map((e) => [e.name, e.isFile(), e.isDirectory()]));
show('stat dir', [fs.statSync(at('moved')).isDirectory(), fs.lstatSync(at('copy.txt')).isFile()]);
show('stat mode', (fs.statSync(at('utf.txt')).mode & 0o777).toString(8));
show('stat bigint', typeof fs.statSync(at('copy.txt'), { bigint: true }).size);
show('stat missing', fs.statSync(at('nope'), { throwIfNoEntry: false }));
show('exists', [fs.existsSync(at('copy.txt')), fs.existsSync(at('nope'))]);
show('realpath', fs.realpathSync(at('moved/../copy.txt')) === at('copy.txt'));
const t = fs.mkdtempSync(at('tmp-'));
show('mkdtemp', [path.basename(t).length, fs.statSync(t).isDirectory(), (fs.statSync(t).mode & 0o777).toString(8)]);
fs.writeFileSync(path.join(t, 'inner'), 'x');
fs.rmSync(t, { recursive: true, force: true });
show('rm recursive', fs.existsSync(t));
fs.rmSync(at('nothere'), { force: true });
fs.mkdirSync(at('empty'));
fs.rmdirSync(at('empty'));
fs.truncateSync(at('copy.txt'), 3);
show('truncate', fs.readFileSync(at('copy.txt'), 'utf8'));
fs.chmodSync(at('copy.txt'), 0o640);
show('chmod', (fs.statSync(at('copy.txt')).mode & 0o777).toString(8));
fs.utimesSync(at('copy.txt'), 1000, 2000);
show('utimes', [fs.statSync(at('copy.txt')).atimeMs, fs.statSync(at('copy.txt')).mtimeMs]);
fs.unlinkSync(at('fresh.txt'));

// Callback, promise and stream forms, one after another.
fs.writeFile(at('cb.txt'), 'cb', (err) => {
  show('writeFile cb', err);
  fs.readFile(at('cb.txt'), 'utf8', (e, s) => {
    show('readFile cb', [e, s]);
    fs.mkdir(at('cbdir/deep'), { recursive: true }, (e2, first) => {
      show('mkdir cb', [e2, first === at('cbdir')]);
      fs.stat(at('nope'), (e3) => {
        show('stat cb error', [e3.code, e3.syscall]);
        promises();
      });
    });
  });
});

async function promises() {
  const p = fs.promises;
  await p.writeFile(at('p.txt'), 'promised');
  show('promises read', await p.readFile(at('p.txt'), 'utf8'));
  const h = await p.open(at('p.txt'), 'r+');
  await h.write(Buffer.from('P'), 0, 1, 0);
  show('handle stat', (await h.stat()).size);
  const { bytesRead, buffer } = await h.read(Buffer.alloc(8), 0, 8, 0);
  show('handle read', [bytesRead, buffer.toString()]);
  await h.close();
  await p.mkdir(at('pdir'));
  await p.rename(at('pdir'), at('pdir2'));
  show('promises readdir', await p.readdir(at('pdir2')));
  await p.rm(at('pdir2'), { recursive: true });
  await p.appendFile(at('p.txt'), '!');
  try { await p.unlink(at('nope')); } catch (e) { show('promises unlink error', [e.code, e.syscall]); }
  const ws = fs.createWriteStream(at('ws.txt'));
  ws.on('open', (n) => show('ws open', typeof n));
  ws.write('one\n');
  ws.end('two\n', () => {
    show('ws done', [ws.bytesWritten, fs.readFileSync(at('ws.txt'), 'utf8')]);
    fs.createReadStream(at('ws.txt'), { encoding: 'utf8' }).on('data', (c) => show('rs', c));
  });
}
