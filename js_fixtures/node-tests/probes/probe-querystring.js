// Differential probe: run by real Node and by hostrt; stdout must be identical.
const qs = require('querystring');
const inputs = ['a=1&b=2&a=3', 'a&b=&=c', '&&a=1&&', 'x=%20y+z', 'bad=%E0%A4%A&ok=%41', 'a=1;b=2', 'k=v=w', '%=%', 'a[]=1&a[]=2', 'c=%F0%9F%98%80', '', 'a=%zz', '__proto__=1', 'hasOwnProperty=x'];
for (const i of inputs) console.log(JSON.stringify(i), JSON.stringify(qs.parse(i)), Object.getPrototypeOf(qs.parse(i)) === null);
console.log(JSON.stringify(qs.parse('a:1;b:2', ';', ':')), JSON.stringify(qs.parse('a=1&b=2&c=3', null, null, { maxKeys: 2 })));
console.log(JSON.stringify(qs.parse('a=1&&b=2&c=3', null, null, { maxKeys: 2 })));
console.log(qs.stringify({ a: [1, 2], b: 'x y', c: true, d: null, e: undefined, f: NaN, g: 10n, h: {}, 'ü': '€', i: [] }));
console.log(qs.stringify({ a: 1, b: 2 }, ';', ':'), qs.stringify('str'), qs.stringify(null), qs.escape("!'()*~ &="), qs.unescape('%41%zz+'));
console.log(qs.unescapeBuffer('%41%42+c', true).toString(), qs.encode === qs.stringify, qs.decode === qs.parse);
try { qs.escape('\ud800'); } catch (e) { console.log(e.name, e.code, e.message); }
console.log(qs.stringify({ w: 'a b' }, null, null, { encodeURIComponent: (s) => s.toUpperCase() }));
console.log(JSON.stringify(qs.parse('w=a%20b', null, null, { decodeURIComponent: (s) => `<${s}>` })));
