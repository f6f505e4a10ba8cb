// probe: url.parse / url.format / fileURLToPath / pathToFileURL
// api: url.parse
const url = require('url');
const p = url.parse('http://a.com:80/p/a/t/h?query=string#hash', true);
console.log(p.host, p.pathname, p.query.query, p.hash);
console.log(url.format({ protocol: 'https', host: 'x.org', pathname: '/y' }));
console.log(url.fileURLToPath('file:///tmp/a%20b'), url.pathToFileURL('/tmp/c d').href);
console.log(url.resolve('http://a/b/c', '../d'));
