// Legacy url API (needs the querystring shim in hostrt).
const url = require('url');
const show = (...v) => console.log(JSON.stringify(v));
for (const s of ['http://user:pw@Host.COM:8080/p/a/t/h?query=string&a=1&a=2#hash', '//x.com/y', '/just/a/path?x=1',
  'mailto:someone@example.com', 'HTTP://www.EXAMPLE.com/%7Euser', 'http://[::1]:3000/x', 'javascript:alert(1)', 'http://ex ample.com/a b']) {
  const p = url.parse(s, true);
  show(p.protocol, p.slashes, p.auth, p.host, p.port, p.hostname, p.hash, p.search, p.query, p.pathname, p.path, p.href);
  show(url.parse(s, false, true).host);
}
show(url.format({ protocol: 'https', hostname: 'a.com', pathname: '/x', query: { a: [1, 2], b: 'c d' } }));
show(url.format(url.parse('http://a.com/b?c=d')), url.resolve('http://a.com/b/c', '../d'), url.resolve('/one/two/three', 'four'), url.resolve('http://example.com/', '/one'));
show(url.parse('http://a.com') instanceof url.Url);
// Argument checks (Node's codes and wording).
for (const bad of [undefined, null, true, 0, () => {}, Symbol('s')]) {
  for (const f of ['parse', 'format']) {
    try { url[f](bad); console.log(f, 'no throw'); } catch (e) { console.log(f, e.code, e.message); }
  }
}
const parsedOnce = url.parse('http://a.b/c?d=e');
console.log(url.parse(parsedOnce) === parsedOnce, url.format(''), JSON.stringify(url.format({})));
