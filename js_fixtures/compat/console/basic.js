// probe: console.log formats %s %d %j %o and objects; groups indent
// api: console.log
console.log('%s is %d years', 'Ada', 36.5, 'extra');
console.log({ a: 1, b: 'two', c: [1, 2, 3], d: { e: { f: { g: 1 } } } });
console.log([undefined, null, true, 1n, Symbol('s')]);
console.group('group');
console.log('inside');
console.groupEnd();
console.log('outside', new Map([[1, 'one']]), new Set(['x']));
console.info('info goes to stdout');
console.error('error goes to stderr');
