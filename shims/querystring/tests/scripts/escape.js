const qs = require('querystring');
const cases = [5, 'test', {}, [5, 10], '\u014a\u014d\u0111\u0115', 'test\u014a\u014d\u0111\u0115', `${String.fromCharCode(0xD801)}test`, '\udc00x', '\ud83d\ude00 a+b=c&d', "-_.!~*'()", String.fromCharCode(0xD801), { toString: 5, valueOf: () => 'v' }, Symbol('s')];
for (const c of cases) {
  try { console.log(qs.escape(c)); } catch (e) { console.log(e.name, e.code, e.message); }
}
console.log(qs.stringify({ 'a b': ['x/y', 'é'], c: 1 }));
