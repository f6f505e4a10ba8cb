// probe: os constants and shapes of host information
// api: os.platform
const os = require('os');
console.log(os.platform(), os.EOL === '\n', typeof os.hostname(), os.type());
console.log(Array.isArray(os.cpus()), typeof os.totalmem(), os.tmpdir().length > 0);
console.log(typeof os.homedir(), os.endianness(), typeof os.constants.signals.SIGTERM);
