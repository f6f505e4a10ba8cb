// Differential probe: run by real Node and by hostrt; stdout must be identical.
const { Blob } = require('buffer');
(async () => {
  const chunks = [];
  for await (const c of new Blob(['hello ', 'world']).stream()) chunks.push(Buffer.from(c).toString());
  console.log(chunks.join(''), typeof Blob, Blob === globalThis.Blob);
  const r = new Blob(['x']).stream().getReader();
  console.log(JSON.stringify(await r.read()), JSON.stringify(await r.read()));
})();
