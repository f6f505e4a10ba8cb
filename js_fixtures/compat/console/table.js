// probe: console.table and console.count / countReset
// api: console.table
console.table([{ a: 1, b: 'x' }, { a: 2, c: true }]);
console.count();
console.count('k');
console.count();
console.countReset();
console.count();
