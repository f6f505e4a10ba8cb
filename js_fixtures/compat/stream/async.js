// probe: async iteration of a Readable and stream/promises pipeline
// api: stream.promises
const { Readable, PassThrough } = require('stream');
const { pipeline } = require('stream/promises');
(async () => {
  const out = [];
  for await (const x of Readable.from([1, 2, 3])) out.push(x);
  console.log(out);
  const pt = new PassThrough();
  const got = [];
  pt.on('data', (d) => got.push(String(d)));
  await pipeline(Readable.from(['x', 'y']), pt);
  console.log(got);
})();
