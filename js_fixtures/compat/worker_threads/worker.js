// probe: isMainThread and an eval Worker posting a message back
// api: worker_threads.Worker
const { Worker, isMainThread, threadId } = require('worker_threads');
console.log(isMainThread, threadId);
const w = new Worker("require('worker_threads').parentPort.postMessage(6 * 7)", { eval: true });
w.on('message', (m) => console.log('from worker', m));
w.on('exit', (code) => console.log('worker exit', code));
