const qs = require('querystring');
const cases = [5, 'test', {}, [5, 10], 'Ŋōđĕ', 'testŊōđĕ', `${String.fromCharCode(0xD801)}test`, '\udc00x', '😀 a+b=c&d', "-_.!~*'()", String.fromCharCode(0xD801), { toString: 5, valueOf: () => 'v' }, Symbol('s')];
for (const c of cases) {
  try { console.log(qs.escape(c)); } catch (e) { console.log(e.name, e.code, e.message); }
}
console.log(qs.stringify({ 'a b': ['x/y', 'é'], c: 1 }));
