// probe: randomBytes, randomUUID, randomInt, getRandomValues give the right shapes
// api: crypto.randomBytes
const crypto = require('crypto');
console.log(crypto.randomBytes(16).length);
console.log(/^[0-9a-f-]{36}$/.test(crypto.randomUUID()));
const n = crypto.randomInt(10);
console.log(n >= 0 && n < 10);
console.log(crypto.getRandomValues(new Uint8Array(8)).length);
crypto.randomBytes(4, (err, buf) => console.log('async', err, buf.length));
