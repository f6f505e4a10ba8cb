'use strict';
require('../common');
const assert = require('assert');
const qs = require('querystring');

const parsed = qs.parse('a=1&b=2&a=3&c&=d&&e=x+y%20z');
assert.strictEqual(Object.getPrototypeOf(parsed), null);
assert.deepStrictEqual({ ...parsed }, { a: ['1', '3'], b: '2', c: '', '': 'd', e: 'x y z' });
assert.deepStrictEqual({ ...qs.parse('a:1;b:2', ';', ':') }, { a: '1', b: '2' });
assert.deepStrictEqual({ ...qs.parse('a=1&b=2&c=3', null, null, { maxKeys: 2 }) }, { a: '1', b: '2' });
assert.deepStrictEqual({ ...qs.parse('a=1&&b=2&c=3', null, null, { maxKeys: 2 }) }, { a: '1' });
// Malformed percent sequences are kept; valid bytes around them are decoded.
assert.deepStrictEqual({ ...qs.parse('bad=%E0%A4%A&ok=%41&z=%zz') }, { bad: '\ufffd%A', ok: 'A', z: '%zz' });
assert.deepStrictEqual({ ...qs.parse('__proto__=1') }, { ['__proto__']: '1' });
assert.deepStrictEqual({ ...qs.parse('w=a%20b', null, null, { decodeURIComponent: (s) => `<${s}>` }) }, { '<w>': '<a%20b>' });
assert.deepStrictEqual({ ...qs.parse('') }, {});
assert.deepStrictEqual({ ...qs.parse(5) }, {});

assert.strictEqual(
  qs.stringify({ a: [1, 2], b: 'x y', c: true, d: null, e: undefined, f: NaN, g: 10n, h: {}, 'ü': '€', i: [] }),
  'a=1&a=2&b=x%20y&c=true&d=&e=&f=&g=10&h=&%C3%BC=%E2%82%AC');
assert.strictEqual(qs.stringify({ a: 1, b: 2 }, ';', ':'), 'a:1;b:2');
assert.strictEqual(qs.stringify('str'), '');
assert.strictEqual(qs.stringify({ w: 'a b' }, null, null, { encodeURIComponent: (s) => s.toUpperCase() }), 'W=A B');
assert.strictEqual(qs.escape("!'()*~ &="), "!'()*~%20%26%3D");
assert.strictEqual(qs.unescape('%41%zz+'), 'A%zz+');
assert.strictEqual(qs.unescapeBuffer('%41%42+c', true).toString(), 'AB c');
assert.strictEqual(qs.encode, qs.stringify);
assert.strictEqual(qs.decode, qs.parse);
assert.throws(() => qs.escape('\ud800'), { name: 'URIError', code: 'ERR_INVALID_URI', message: 'URI malformed' });
