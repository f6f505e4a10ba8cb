const util = require('util');
const u = new URL('https://user:pw@host.name:8080/p/a/?que=ry#h');
console.log(util.inspect(u)); console.log(util.inspect({ a: u }, { depth: 0 }));
class MyURL extends URL {} console.log(util.inspect(new MyURL('http://a/')).split('\n')[0]);
const props = []; for (const k in u) props.push(k); console.log(props.join());
for (const f of [() => new URL(), () => URL.canParse(), () => { u.href = Symbol(); },
  () => new URL(Symbol()), () => { u.search = Symbol(); }]) {
  try { f(); console.log('no throw'); } catch (e) { console.log(e.name, e.code, e.message); }
}
console.log(URL.canParse('x'), URL.canParse('x', 'http://a'), URL.canParse('http://a', undefined));
u.hash = 5; u.pathname = null; console.log(u.href, URL.canParse.length, URL.canParse.name);
console.log(Object.getOwnPropertyDescriptor(URL.prototype, 'href').set.name,
  URL.prototype[util.inspect.custom].name);
try { new URL('x', undefined); } catch (e) { console.log(e.code, e.input, 'base' in e); }

for (const [u, b] of [['x'], ['/a', 'nope'], ['http://[']]) { try { b === undefined ? new URL(u) : new URL(u, b); } catch (e) { console.log(String(e), e.code, Object.keys(e), JSON.stringify(e.input), JSON.stringify(e.base), e.stack.split('\n')[0]); } }
