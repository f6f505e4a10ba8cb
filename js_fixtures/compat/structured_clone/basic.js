// probe: structuredClone copies Maps, Dates, cycles; rejects functions
// api: structuredClone
const src = { d: new Date(0), m: new Map([[1, { a: 1 }]]), s: new Set([1]), r: /x/g, u: new Uint8Array([1]) };
src.self = src;
const c = structuredClone(src);
console.log(c !== src, c.self === c, c.d.toISOString(), c.m.get(1), c.s.has(1), c.r.flags, c.u[0]);
try { structuredClone({ f() {} }); } catch (e) { console.log(e.name); }
