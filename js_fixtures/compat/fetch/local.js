// probe: fetch against a local http server
// api: fetch
const http = require('http');
const server = http.createServer((req, res) => { res.setHeader('x-t', 'y'); res.end('body:' + req.url); });
server.listen(0, '127.0.0.1', async () => {
  const r = await fetch(`http://127.0.0.1:${server.address().port}/q`);
  console.log(r.status, r.headers.get('x-t'), await r.text());
  server.close();
});
