// Differential probe: run by real Node and by hostrt; stdout must be identical.
const util = require('util');
const { promisify, callbackify, inherits, deprecate, types } = util;
function cbfn(a, cb) { setTimeout(() => cb(a < 0 ? new Error('neg') : null, a * 2), 1); }
const p = promisify(cbfn);
p(2).then((v) => console.log('promisified', v));
p(-1).catch((e) => console.log('rejected', e.message));
function custom() {}
custom[promisify.custom] = () => Promise.resolve('custom');
console.log(promisify(custom) === custom[promisify.custom], promisify.custom === Symbol.for('nodejs.util.promisify.custom'));
const cbd = callbackify(async (x) => { if (x) return x + 1; throw null; });
console.log(cbd.name, cbd.length);
cbd(1, (err, v) => console.log('callbackified', err, v));
cbd(0, (err) => console.log('falsy', err.code, err.message, err.reason));
function A() {} function B() {} inherits(A, B); console.log(new A() instanceof B, A.super_ === B);
try { inherits(A, null); } catch (e) { console.log(e.code, e.message); }
const d = deprecate(() => 'dep', 'this is old', 'DEP0999');
process.on('warning', (w) => console.log('warning', w.name, w.code, w.message));
console.log(d(), d());
console.log(types.isPromise(Promise.resolve()), types.isProxy(new Proxy({}, {})), types.isProxy({}), util.types === require('util/types'));
console.log(util.toUSVString('a\ud800b'), JSON.stringify(util.stripVTControlCharacters('\u001b[31mred\u001b[39m')));
console.log(util.isDeepStrictEqual({ a: [1, 2] }, { a: [1, 2] }), util.isDeepStrictEqual([1], ['1']));
console.log(util.format('%s=%d %j', 'a', 42, { x: 1 }), util.inspect({ a: { b: { c: { d: 1 } } } }));
console.log(JSON.stringify(util.styleText(['bold', 'red'], 'x')), util.styleText('red', 'plain'));
console.log(util.getSystemErrorName(-2), JSON.stringify(util.getSystemErrorMap().get(-13)));
const dbg = util.debuglog('mysect'); console.log(dbg.enabled); dbg('hidden %d', 1);
console.log(util.isArray([]), util.isPrimitive(1), util.isError(new TypeError()));
try { promisify(1); } catch (e) { console.log(e.code, e.message); }
