"""url: Node's URLSearchParams and URL details, differential against real Node (same script,
same stdout)."""

from __future__ import annotations

SEARCH_PARAMS = r"""
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
"""

URL_DETAILS = r"""
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
"""


def test_urlsearchparams_matches_node(write_js, hostrt_run, node_run):
    script = write_js("searchparams.js", SEARCH_PARAMS)
    ours, node = hostrt_run(script), node_run(script)
    assert node.code == 0, node.err
    assert ours.code == 0, ours.err
    assert ours.out == node.out


def test_url_inspect_conversions_and_order_match_node(write_js, hostrt_run, node_run):
    script = write_js("url_details.js", URL_DETAILS)
    ours, node = hostrt_run(script), node_run(script)
    assert node.code == 0, node.err
    assert ours.code == 0, ours.err
    assert ours.out == node.out
