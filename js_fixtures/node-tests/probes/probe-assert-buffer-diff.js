// Differential probe: run by real Node and by hostrt; stdout must be identical.
// assert diffs inspect values with customInspect: false, so a Buffer prints as a Uint8Array.
const assert = require('assert');
try {
  assert.deepStrictEqual(Buffer.from('a'), Buffer.from('b'));
} catch (e) {
  console.log(JSON.stringify(e.message));
}
