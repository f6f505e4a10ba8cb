// probe: process.stdout.write and isTTY when piped
// api: process.stdout
process.stdout.write('no newline;');
process.stdout.write('then newline\n');
console.log(Boolean(process.stdout.isTTY), typeof process.stdout.on);
process.stdout.write('done\n', () => {});
