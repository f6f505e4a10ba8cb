// Differential probe: run by real Node and by hostrt; stdout must be identical.
const assert = require('assert');
  try { assert.ok(1 === 2, undefined); } catch (e) { console.log(JSON.stringify(e.message)); }
try { assert(typeof 1 === 'string') } catch (e) { console.log(JSON.stringify(e.message)); }
try {
  assert.ok(
    false &&
      true,
  );
} catch (e) { console.log(JSON.stringify(e.message)); }
try { assert.ok(); } catch (e) { console.log(JSON.stringify(e.message)); }
try { assert.equal(0, 1) } catch (e) { console.log(JSON.stringify(e.message)); }
try { const { ok } = assert; ok(null) } catch (e) { console.log(JSON.stringify(e.message)); }
