'use strict';
const common = require('../common');
const assert = require('assert');
const { Buffer: B, isUtf8, isAscii, transcode, constants, kMaxLength } = require('buffer');

assert.strictEqual(Buffer, B);
assert.strictEqual(Buffer.name, 'Buffer');

const text = 'hello world?>~';
const buf = Buffer.from(text);
assert.strictEqual(buf.toString('base64'), 'aGVsbG8gd29ybGQ/Pn4=');
assert.strictEqual(buf.toString('base64url'), 'aGVsbG8gd29ybGQ_Pn4');
assert.strictEqual(Buffer.from('aGVsbG8gd29ybGQ_Pn4', 'base64url').toString(), text);
assert.strictEqual(Buffer.from('aGVsbG8gd29ybGQ/Pn4=', 'base64').toString(), text);
// base64 accepts the URL-safe alphabet too.
assert.strictEqual(Buffer.from('_-8', 'base64').toString('hex'), 'ffef');
assert.strictEqual(Buffer.byteLength('aGVsbG8', 'base64url'), 5);
assert.strictEqual(Buffer.isEncoding('base64url'), true);
assert.strictEqual(Buffer.isEncoding('BASE64URL'), true);
assert.strictEqual(Buffer.isEncoding('nope'), false);

const w = Buffer.alloc(4);
assert.strictEqual(w.write('aGk', 'base64url'), 2);
assert.strictEqual(w.toString('hex'), '68690000');
assert.strictEqual(Buffer.alloc(3, 'YQ', 'base64url').toString(), 'aaa');

for (const enc of ['hex', 'latin1', 'binary', 'ascii', 'ucs2', 'utf16le', 'utf8', 'utf-8', 'base64']) {
  const b = Buffer.from('abc', enc === 'hex' ? undefined : enc);
  assert.strictEqual(Buffer.from(b.toString(enc), enc).equals(b), true, enc);
}

assert.throws(() => buf.toString('nope'), { name: 'TypeError', code: 'ERR_UNKNOWN_ENCODING', message: 'Unknown encoding: nope' });
assert.throws(() => Buffer.from('x', 'nope'), { code: 'ERR_UNKNOWN_ENCODING' });

// Invalid UTF-8: one U+FFFD per maximal invalid subsequence (WHATWG), as Node decodes.
const cases = [
  ['e0a4', '\ufffd'], ['e0a425', '\ufffd%'], ['c0af', '\ufffd\ufffd'], ['eda080', '\ufffd\ufffd\ufffd'],
  ['f09f98', '\ufffd'], ['f09f9880', '\u{1f600}'], ['ff41', '\ufffdA'], ['e282ac', '\u20ac'],
];
for (const [hex, expected] of cases) {
  assert.strictEqual(Buffer.from(hex, 'hex').toString(), expected, hex);
}
assert.strictEqual(Buffer.from('€uro').toString('utf8', 3), 'uro');

// Encoding side: lone surrogates become U+FFFD, hex stops at the first bad pair, base64 lengths
// come from the string length.
assert.strictEqual(Buffer.from('a\ud83d\ud83d').toString('hex'), '61efbfbdefbfbd');
assert.strictEqual(Buffer.byteLength('a\ud83d'), 4);
assert.strictEqual(Buffer.from('0=', 'hex').length, 0);
assert.strictEqual(Buffer.from('abzz12', 'hex').toString('hex'), 'ab');
assert.strictEqual(Buffer.byteLength('YW*Jj', 'base64'), 3);
assert.strictEqual(Buffer.from('YW*Jj', 'base64').toString(), 'abc');
assert.strictEqual(Buffer.from('YW=Jj', 'base64').toString(), 'a');

assert.strictEqual(isUtf8(Buffer.from([0xe2, 0x82, 0xac])), true);
assert.strictEqual(isUtf8(Buffer.from([0xe2, 0x82])), false);
assert.strictEqual(isUtf8(Buffer.from([0xed, 0xa0, 0x80])), false);
assert.strictEqual(isAscii(Buffer.from('abc')), true);
assert.strictEqual(isAscii(new Uint8Array([0x80])), false);
assert.throws(() => isUtf8('str'), { code: 'ERR_INVALID_ARG_TYPE' });

assert.strictEqual(transcode(Buffer.from('€a'), 'utf8', 'latin1').toString('latin1'), '?a');
assert.strictEqual(transcode(Buffer.from('hi'), 'utf8', 'ucs2').toString('ucs2'), 'hi');
assert.strictEqual(typeof constants.MAX_LENGTH, 'number');
assert.strictEqual(constants.MAX_LENGTH, kMaxLength);

assert.strictEqual(Buffer.copyBytesFrom(new Uint16Array([1, 2, 3]), 1, 1).toString('hex'), '0200');
common.isHostrt;  // loaded in both runtimes
