'use strict';
require('../common');
const assert = require('assert');
const { StringDecoder } = require('string_decoder');

const d = new StringDecoder('utf8');
const euro = Buffer.from('€');
assert.strictEqual(d.write(euro.subarray(0, 1)), '');
assert.strictEqual(d.write(euro.subarray(1)), '€');
assert.strictEqual(d.end(), '');
const partial = new StringDecoder('utf8');
assert.strictEqual(partial.write(Buffer.from([0xe2, 0x82])), '');
assert.strictEqual(partial.end(), '\ufffd');
const emoji = new StringDecoder('utf8');
assert.strictEqual(emoji.write(Buffer.from([0xf0, 0x9f])) + emoji.write(Buffer.from([0x98, 0x80, 0x41])), '\u{1f600}A');

const b64 = new StringDecoder('base64');
assert.strictEqual(b64.write(Buffer.from('ab')), '');
assert.strictEqual(b64.end(Buffer.from('c')), 'YWJj');
const url = new StringDecoder('base64url');
assert.strictEqual(url.encoding, 'base64url');
assert.strictEqual(url.write(Buffer.from([0xfb, 0xff])) + url.write(Buffer.from([0xfe, 1])) + url.end(), '-__-AQ');

assert.strictEqual(new StringDecoder('hex').write(Buffer.from([1, 255])), '01ff');
assert.strictEqual(new StringDecoder().encoding, 'utf8');
assert.strictEqual(new StringDecoder('UCS2').encoding, 'utf16le');
const u16 = new StringDecoder('utf16le');
assert.strictEqual(u16.write(Buffer.from([0x3d])), '');
assert.strictEqual(u16.write(Buffer.from([0xd8, 0x00, 0xde])), '\u{1f600}');
assert.throws(() => new StringDecoder('nope'), { name: 'TypeError', code: 'ERR_UNKNOWN_ENCODING', message: 'Unknown encoding: nope' });
