// probe: WHATWG URL parsing, searchParams, relative resolution
// api: url.URL
const u = new URL('https://user:pw@example.com:8080/a/b?x=1&y=2#frag');
console.log(u.protocol, u.username, u.host, u.port, u.pathname, u.search, u.hash);
u.searchParams.append('z', 'a b');
console.log(u.href);
console.log(new URL('../c?q', 'http://h/a/b/').href);
const sp = new URLSearchParams('a=1&b=2&a=3');
console.log(sp.getAll('a'), sp.toString(), [...sp.keys()]);
try { new URL('nope'); } catch (e) { console.log(e.code, e.name); }
