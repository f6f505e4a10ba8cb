const show = (...v) => console.log(JSON.stringify(v));
const src = { n: 1, s: 'x', d: new Date(5), r: /a+/gi, m: new Map([[1, { a: 1 }]]), set: new Set([1, 2]), arr: [1, , 3], u8: Uint8Array.of(1, 2, 3), big: 10n, nested: { deep: [null, undefined, true] } };
src.self = src;
src.arr.extra = 'x';
const c = structuredClone(src);
show(c !== src, c.self === c, c.d instanceof Date, c.d.getTime(), String(c.r), c.r.lastIndex, c.m.get(1), [...c.set], 1 in c.arr, c.arr.length, c.arr.extra, Array.from(c.u8), typeof c.big, c.nested);
const buf = new ArrayBuffer(8); const v1 = new Uint8Array(buf, 0, 4); const v2 = new Uint16Array(buf, 4, 2);
const cc = structuredClone({ v1, v2 }); show(cc.v1.buffer === cc.v2.buffer, cc.v2.byteOffset, cc.v2.constructor.name);
const err = structuredClone(new TypeError('bad', { cause: 'c' }));
show(err instanceof TypeError, err.message, err.cause, typeof err.stack, Object.keys(err));
class K { constructor() { this.a = 1; } get b() { return 2; } }
const k = structuredClone(new K()); show(k.constructor === Object, k);
show(structuredClone(new Number(3)) instanceof Number, structuredClone(Object('s')).valueOf());
for (const v of [() => 1, Symbol('q'), { f() {} }, new WeakMap(), Promise.resolve()]) {
  try { structuredClone(v); show('no error'); } catch (e) { show(e.name, e.code, e.message); }
}
try { structuredClone(); } catch (e) { show(e.name, e.code, e.message); }
