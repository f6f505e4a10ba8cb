// probe: Headers, Request, Response objects without network
// api: fetch
const h = new Headers({ 'Content-Type': 'text/plain', 'X-A': '1' });
h.append('x-a', '2');
console.log(h.get('x-a'), h.has('content-type'), [...h.keys()]);
const req = new Request('http://example.com/p', { method: 'POST', body: 'data' });
console.log(req.method, req.url, req.headers.get('content-type'));
const res = new Response(JSON.stringify({ ok: 1 }), { status: 201, headers: { 'content-type': 'application/json' } });
console.log(res.status, res.ok, res.statusText === '');
res.json().then((j) => console.log('json', j));
console.log(typeof fetch, typeof FormData, typeof Blob);
