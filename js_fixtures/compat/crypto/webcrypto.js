// probe: globalThis.crypto.subtle.digest and timingSafeEqual
// api: crypto.webcrypto
const nodeCrypto = require('crypto');
console.log(nodeCrypto.timingSafeEqual(Buffer.from('ab'), Buffer.from('ab')));
globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode('x')).then((d) => {
  console.log(Buffer.from(d).toString('hex'));
});
