// Run with read access to process.argv[2] (Node: --experimental-permission --allow-fs-read=DIR;
// hostrt: --allow-read DIR). Prints what a Pepr module would use.
const fs = require('fs');
const fsp = require('fs/promises');
const dir = process.argv[2];
const show = (...v) => console.log(JSON.stringify(v));
const errInfo = (e) => [e.code, e.errno, e.syscall, e.path === undefined ? null : e.path.replace(dir, 'DIR'), e.message.replace(dir, 'DIR')];
show(fs.readFileSync(dir + '/a.txt', 'utf8'), fs.readFileSync(dir + '/sub/b.txt').length, fs.existsSync(dir + '/a.txt'), fs.existsSync(dir + '/nope'), fs.existsSync(dir));
try { fs.readFileSync(dir + '/nope'); } catch (e) { show('sync missing', ...errInfo(e)); }
fs.readFile(dir + '/a.txt', 'utf8', (err, text) => {
  show('cb', err, text);
  fs.readFile(dir + '/missing.txt', (err2) => {
    show('cb missing', ...errInfo(err2));
    fsp.readFile(dir + '/sub/b.txt', { encoding: 'utf8' }).then((t) => {
      show('promise', t);
      return fsp.readFile(dir + '/sub');
    }).catch((e) => {
      show('promise dir', ...errInfo(e));
      return fsp.access(dir + '/a.txt');
    }).then((r) => { show('access', r === undefined); denied(); });
  });
});
function denied() {
  const outside = require('os').tmpdir() + '/hostrt-not-allowed-' + Date.now();
  try { fs.readFileSync(outside); } catch (e) { show('denied sync', e.code, e.permission, e.resource === outside, e.message); }
  try { fs.existsSync(outside); } catch (e) { show('exists outside', e.code, e.resource === outside); }
  try {
    fs.readFile(outside, (e) => show('denied cb', e.code, e.permission, e.resource === outside));
  } catch (e) { show('denied cb threw', e.code, e.permission, e.resource === outside); }
  fsp.readFile(outside).catch((e) => show('denied promise', e.code, e.permission, e.resource === outside));
}
