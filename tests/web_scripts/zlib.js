// One operation at a time: Node's thread pool finishes concurrent jobs in any order.
const zlib = require('zlib');
const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const txt = (b) => String.fromCharCode(...b);
const input = 'hello hello hello hello world';
const call = (fn, ...args) => new Promise((resolve) => fn(...args, (err, r) => resolve([err, r])));
(async () => {
  for (const op of ['deflate', 'deflateRaw', 'gzip']) {
    const c = zlib[op + 'Sync'](input, { level: 6 });
    const inv = { deflate: 'inflate', deflateRaw: 'inflateRaw', gzip: 'gunzip' }[op];
    // The gzip header carries an OS byte; compare from the compressed body on.
    const body = (b) => hex(op === 'gzip' ? b.subarray(10) : b);
    console.log(op, body(c), txt(zlib[inv + 'Sync'](c)), txt(zlib.unzipSync(op === 'deflateRaw' ? zlib.deflateSync(input) : c)));
    const [err, r] = await call(zlib[op], input, { level: 9 });
    console.log('async', op, String(err), body(r), r.length);
    const [e2, back] = await call(zlib[inv], r);
    console.log('back', op, String(e2), txt(back));
    const [e3, auto] = await call(zlib.unzip, op === 'deflateRaw' ? c : r);
    console.log('unzip', op, e3 ? e3.code : 'ok', auto ? txt(auto) : '');
  }
  const big = 'abcdefghij'.repeat(5000);
  const [, bc] = await call(zlib.gzip, big);
  console.log('big', bc.length < 1000, txt(zlib.gunzipSync(bc)) === big, hex(zlib.deflateSync(big)) === hex((await call(zlib.deflate, big))[1]));
  const dict = new TextEncoder().encode('hello world');
  try { zlib.deflateSync(input, { dictionary: 'str' }); } catch (e) { console.log(e.code, e.message); }
  const withDict = zlib.deflateSync(input, { dictionary: dict });
  console.log('dict', hex(withDict), txt(zlib.inflateSync(withDict, { dictionary: dict })));
  try { zlib.inflateSync('garbage'); } catch (e) { console.log('sync err', e.message, e.code, e.errno); }
  const [ae] = await call(zlib.inflate, 'garbage');
  console.log('async err', ae.message, ae.code, ae.errno);
  const [te] = await call(zlib.gunzip, zlib.gzipSync(input).subarray(0, 12));
  console.log('truncated', te.message, te.code, te.errno);
  console.log(zlib.crc32('hello'), zlib.crc32('world', 123), zlib.Z_BEST_COMPRESSION, zlib.constants.Z_SYNC_FLUSH, zlib.constants.BROTLI_MAX_WINDOW_BITS);
})();
