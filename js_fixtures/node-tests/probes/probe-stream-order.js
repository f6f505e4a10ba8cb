// Differential probe: run by real Node and by hostrt; stdout must be identical.
// Event order of common stream patterns (nextTick vs promise vs timer interleaving).
const { Readable, Writable, Transform, PassThrough, pipeline, finished } = require('stream');
const log = [];
const rec = (name) => (...a) => log.push(name + (a.length && typeof a[0] !== 'object' ? ':' + a[0] : ''));
Promise.resolve().then(rec('micro1'));
process.nextTick(rec('tick1'));
const r = Readable.from(['a', 'b']);
for (const ev of ['data', 'end', 'close', 'pause', 'resume', 'readable']) if (ev !== 'readable') r.on(ev, rec('r.' + ev));
const w = new Writable({ write(c, e, cb) { log.push('write:' + c); cb(); }, final(cb) { log.push('final'); cb(); } });
for (const ev of ['finish', 'close', 'pipe', 'unpipe', 'drain', 'prefinish']) w.on(ev, rec('w.' + ev));
r.pipe(w);
const t = new Transform({ transform(c, e, cb) { cb(null, c); }, flush(cb) { log.push('flush'); cb(); } });
for (const ev of ['finish', 'end', 'close', 'data']) t.on(ev, rec('t.' + ev));
t.write('x');
t.end('y');
const d = new PassThrough();
d.on('error', (e) => log.push('d.error:' + e.message));
d.on('close', rec('d.close'));
d.destroy(new Error('bye'));
finished(w, (err) => log.push('finished.w:' + err));
const p = new PassThrough();
pipeline(Readable.from(['1']), p, new Writable({ write(c, e, cb) { log.push('pw:' + c); cb(); } }), (err) => log.push('pipeline:' + err));
setTimeout(() => console.log(log.join('\n')), 20);
