// A small Node-style script: timers, immediates, nextTick, promises and process.exitCode.
const { setTimeout: sleep } = require('node:timers/promises');

async function main() {
  console.log('hello from', process.release.name, 'pid', typeof process.pid);
  setImmediate(() => console.log('immediate'));
  process.nextTick(() => console.log('nextTick'));
  await sleep(10);
  console.log('slept 10 ms');
  process.exitCode = 0;
}

main();
