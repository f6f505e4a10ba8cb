// probe: exit and beforeExit events, exitCode
// api: process.on
process.on('beforeExit', (code) => console.log('beforeExit', code));
process.on('exit', (code) => console.log('exit', code));
process.exitCode = 0;
console.log('main done');
