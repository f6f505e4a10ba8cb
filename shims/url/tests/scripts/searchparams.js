const util = require('util');
const sp = new URLSearchParams('?a=a&b=b&b=c');
console.log(util.inspect(sp), util.inspect(sp.keys()), util.inspect(sp.entries()));
console.log(util.inspect(new URLSearchParams()), util.inspect(sp, { depth: -1 }));
const it = sp.entries(); it.next(); it.next(); it.next(); console.log(util.inspect(it));
console.log(util.inspect(sp, { breakLength: 1 }), util.inspect(sp.values(), { breakLength: 1 }));
const u = new URL('http://x/?q=1&r=%20+2'); const before = Object.getOwnPropertySymbols(u).length;
const p = u.searchParams;
console.log(p === u.searchParams, [...p], p.size, Object.getOwnPropertySymbols(u).length === before);
p.append('z', 'a b/\u00e9~*'); console.log(u.href);
u.search = '?k=v'; console.log([...p]);
p.delete('k'); console.log(u.href, JSON.stringify(u.search));
const bad = [() => URLSearchParams.prototype.get.call({}), () => sp.get(), () => sp.set('a'),
  () => sp.append(), () => new URLSearchParams([[1]]), () => new URLSearchParams(['ab']),
  () => new URLSearchParams({ [Symbol.iterator]: 42 }), () => new URLSearchParams(Symbol('s')),
  () => sp.forEach(1), () => sp.keys().next.call({})];
for (const f of bad) {
  try { f(); console.log('no throw'); } catch (e) { console.log(e.name, e.code, e.message); }
}
console.log(String(new URLSearchParams(null)), String(new URLSearchParams(undefined)),
  String(new URLSearchParams({ a: 1, b: [2, 3], '\ud800': 'x', '\udc00': 'y' })),
  String(new URLSearchParams(new Map([['m', 'n']]))), String(new URLSearchParams(sp)));
console.log(Object.keys(URLSearchParams.prototype).join(),
  URLSearchParams.prototype[Symbol.iterator] === URLSearchParams.prototype.entries);
console.log(Object.prototype.toString.call(sp.keys()), Object.prototype.toString.call(sp));
const s2 = new URLSearchParams('b=1&a=2&b=0&a=1&\ud83d\ude00=e&\ufb03=f'); s2.sort();
console.log(s2.toString(), s2.has('a', '2'), s2.has('a', '3'));
s2.delete('a', '1'); s2.set('b', 'only'); console.log(s2.toString());
const odd = new URLSearchParams('a=%zz&b=%41%42&c=%E2%82&&d&=e&f=1=2');
console.log(odd.toString(), JSON.stringify([...odd]));
const seen = []; const live = new URLSearchParams('x=1');
live.forEach(function (v, k, o) {
  seen.push([k, v, o === live, this]);
  if (seen.length < 3) live.append('y', 'n');
}, 7);
console.log(JSON.stringify(seen));
