'use strict';
// node:string_decoder - the npm `string_decoder` package, with Node's error for unknown encodings.
const npm = require('hostrt:npm/string_decoder');
const { codeError } = require('hostrt:errors');

const toUrl = (s) => s.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

class StringDecoder extends npm.StringDecoder {
  constructor(encoding) {
    const url = typeof encoding === 'string' && encoding.toLowerCase() === 'base64url';
    try {
      super(url ? 'base64' : encoding);
      if (url) {
        // base64url: the base64 decoder's 3-byte grouping, in the URL alphabet, unpadded.
        this.encoding = 'base64url';
        const { write, end } = this;
        this.write = (buf) => toUrl(write.call(this, buf));
        this.end = (buf) => toUrl(end.call(this, buf));
      }
    } catch (err) {
      if (/^Unknown encoding/.test(err.message)) {
        throw codeError(TypeError, 'ERR_UNKNOWN_ENCODING', `Unknown encoding: ${encoding}`);
      }
      throw err;
    }
  }
}

module.exports = { StringDecoder };
