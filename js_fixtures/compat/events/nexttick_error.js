// probe: uncaughtException handler sees errors thrown in callbacks
// api: process.on
process.on('uncaughtException', (err, origin) => console.log('caught', err.message, origin));
setTimeout(() => { throw new Error('from timer'); }, 1);
setTimeout(() => console.log('still running'), 5);
