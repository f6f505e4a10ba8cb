const show = (...v) => console.log(JSON.stringify(v));
const url = require('url');
const u = new URL('HTTPS://us%20er:p@ss@Example.COM:443/a/./b/../c?q=1&q=2&z=%20#frag');
show(u.href, u.protocol, u.username, u.password, u.host, u.port, u.pathname, u.search, u.hash, u.origin);
show([...u.searchParams], u.searchParams.getAll('q'), u.toJSON(), String(u));
u.searchParams.append('n', 'a b&c'); u.hash = ''; show(u.href);
const p = new URLSearchParams('a=1&b=2&a=3'); p.sort(); p.delete('b'); show(p.toString(), p.has('a'), [...p.keys()], p.size);
show(new URL('../x?y#z', 'http://h/a/b/c').href, new URL('file:///C:/x/../y').href, URL.canParse('://'), URL.canParse('a:b'));
show(url.fileURLToPath('file:///a/b%20c'), url.pathToFileURL('/x/y z/%#?').href, url.pathToFileURL('/x/dir/').href);
show(url.urlToHttpOptions(new URL('http://a:b@[::1]:8080/p?q#h')));
show(url.domainToASCII('bücher.de'), url.domainToUnicode('xn--bcher-kva.de'), url.domainToASCII('xn--iñvalid.com'));
show(url.format(new URL('http://u:p@xn--bcher-kva.de/p?q#h'), { unicode: true, auth: false, fragment: false }));
for (const f of [() => new URL('/rel'), () => url.fileURLToPath('https://x/'), () => url.fileURLToPath('file://host/x'), () => url.fileURLToPath('file:///a%2fb')]) {
  try { f(); show('no error'); } catch (e) { show(e.name, e.code, e.message, e.input); }
}
show(Object.keys(url).sort());
show(typeof URL.parse, URL.parse('http://x/y') instanceof URL, URL.parse('nope'), URL.parse('/a', 'http://b').href, URL.length, URL.name);
show(Object.getOwnPropertyNames(URL.prototype).sort(), Object.getOwnPropertyNames(URLSearchParams.prototype).sort());
show(Object.prototype.toString.call(new URL('http://a')), new URL('http://a') instanceof URL, JSON.stringify({ u: new URL('http://a/b') }));
