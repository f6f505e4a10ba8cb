'use strict';
const common = require('../common');
const assert = require('assert');
const path = require('path');

assert.strictEqual(path, path.posix);
assert.strictEqual(require('path/posix'), path.posix);
assert.strictEqual(require('path/win32'), path.win32);
assert.strictEqual(path.win32.win32, path.win32);
assert.strictEqual(path.sep, '/');
assert.strictEqual(path.win32.sep, '\\');
assert.strictEqual(path.win32.delimiter, ';');

const p = path.posix;
assert.strictEqual(p.normalize('/a/b/../c/./d.txt'), '/a/c/d.txt');
assert.strictEqual(p.normalize(''), '.');
assert.strictEqual(p.join('a', 'b', '../c'), 'a/c');
assert.strictEqual(p.join(), '.');
assert.strictEqual(p.resolve('/a', 'b', '..', 'c'), '/a/c');
assert.strictEqual(p.resolve('x'), `${process.cwd()}/x`);
assert.strictEqual(p.relative('/a/b', '/a/c/d'), '../c/d');
assert.strictEqual(p.dirname('/a/b/c'), '/a/b');
assert.strictEqual(p.basename('/a/b.txt', '.txt'), 'b');
assert.strictEqual(p.extname('a.b.c'), '.c');
assert.strictEqual(p.extname('.bashrc'), '');
assert.deepStrictEqual(p.parse('/home/u/file.txt'), { root: '/', dir: '/home/u', base: 'file.txt', ext: '.txt', name: 'file' });
assert.strictEqual(p.format({ root: '/', dir: '/home', base: 'f.txt' }), '/home/f.txt');
assert.strictEqual(p.format({ name: 'x', ext: 'js' }), 'x.js');
assert.strictEqual(p.isAbsolute('/x'), true);
assert.strictEqual(p.toNamespacedPath('/x'), '/x');

const w = path.win32;
assert.strictEqual(w.normalize('C:\\a\\..\\b\\.\\c'), 'C:\\b\\c');
assert.strictEqual(w.normalize('c:/a/b'), 'c:\\a\\b');
assert.strictEqual(w.join('C:\\', 'x', '..', 'y'), 'C:\\y');
assert.strictEqual(w.resolve('C:\\a', 'b'), 'C:\\a\\b');
assert.strictEqual(w.resolve('C:\\a', 'D:\\b'), 'D:\\b');
assert.strictEqual(w.relative('C:\\a\\b', 'C:\\a\\c'), '..\\c');
assert.strictEqual(w.relative('C:\\a', 'D:\\b'), 'D:\\b');
assert.strictEqual(w.isAbsolute('C:\\x'), true);
assert.strictEqual(w.isAbsolute('C:x'), false);
assert.strictEqual(w.isAbsolute('\\\\server\\share'), true);
assert.strictEqual(w.dirname('\\\\server\\share\\dir\\f.js'), '\\\\server\\share\\dir');
assert.strictEqual(w.basename('C:\\foo\\bar.txt'), 'bar.txt');
assert.deepStrictEqual(w.parse('C:\\foo\\bar.txt'), { root: 'C:\\', dir: 'C:\\foo', base: 'bar.txt', ext: '.txt', name: 'bar' });
assert.strictEqual(w.toNamespacedPath('C:\\x'), '\\\\?\\C:\\x');
assert.strictEqual(w.toNamespacedPath('\\\\server\\share\\x'), '\\\\?\\UNC\\server\\share\\x');

for (const [fn, args, name] of [['join', ['a', 1], 'path'], ['resolve', ['a', 1], 'paths[1]'],
  ['basename', ['a', 2], 'suffix'], ['dirname', [null], 'path'], ['relative', ['a', {}], 'to']]) {
  assert.throws(() => p[fn](...args), {
    code: 'ERR_INVALID_ARG_TYPE',
    message: `The "${name}" argument must be of type string.${common.invalidArgTypeHelper(args[args.length - 1])}`,
  });
}
assert.throws(() => p.format(1), { code: 'ERR_INVALID_ARG_TYPE' });
