let n = 0;
process.on('beforeExit', () => {
  n++; console.log('beforeExit', n);
  if (n === 1) setImmediate(() => console.log('imm'));
  if (n === 2) setTimeout(() => console.log('timer'), 1);
  if (n === 3) process.nextTick(() => console.log('tick'));
  if (n === 4) Promise.resolve().then(() => console.log('micro'));
});
