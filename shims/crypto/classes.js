// The WebCrypto classes for the globals Crypto, CryptoKey and SubtleCrypto. A relative require,
// so this is the same module instance crypto.js uses (`crypto.webcrypto instanceof Crypto`).
'use strict';
const { Crypto, CryptoKey, SubtleCrypto } = require('./webcrypto.js');

module.exports = { Crypto, CryptoKey, SubtleCrypto };
