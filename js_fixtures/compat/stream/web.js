// probe: WHATWG ReadableStream/TransformStream
// api: stream/web.ReadableStream
(async () => {
  const rs = new ReadableStream({ start(c) { c.enqueue('a'); c.enqueue('b'); c.close(); } });
  const ts = new TransformStream({ transform(ch, c) { c.enqueue(ch + '!'); } });
  const reader = rs.pipeThrough(ts).getReader();
  const parts = [];
  for (;;) { const { done, value } = await reader.read(); if (done) break; parts.push(value); }
  console.log(parts);
})();
