'use strict';
const common = require('../common');
const assert = require('assert');
const util = require('util');

if (typeof AbortController !== 'function') common.skip('needs the AbortController global (web globals shim)');

assert.strictEqual(util.TextEncoder, globalThis.TextEncoder);
assert.strictEqual(util.TextDecoder, globalThis.TextDecoder);
const ac = new AbortController();
util.aborted(ac.signal, {}).then(common.mustCall());
ac.abort();
assert.rejects(util.aborted({}, {}), { code: 'ERR_INVALID_ARG_TYPE' }).then(common.mustCall());
