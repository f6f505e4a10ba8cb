// probe: createHash / createHmac digests in hex and base64
// api: crypto.createHash
const crypto = require('crypto');
console.log(crypto.createHash('sha256').update('hello').digest('hex'));
console.log(crypto.createHash('sha1').update('a').update('b').digest('base64'));
console.log(crypto.createHash('md5').update(Buffer.from('xyz')).digest('hex'));
console.log(crypto.createHmac('sha256', 'key').update('msg').digest('hex'));
console.log(crypto.getHashes().includes('sha512'));
