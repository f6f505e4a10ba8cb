const os = require('os');
const show = (...v) => console.log(JSON.stringify(v));
show(os.hostname(), os.platform(), os.type(), os.release(), os.arch(), os.machine(), os.EOL, os.devNull, os.endianness());
show(os.cpus().length, Object.keys(os.cpus()[0]).sort(), os.availableParallelism(), os.homedir(), os.tmpdir());
const u = os.userInfo(); show(u.username, u.uid, u.gid, u.homedir, u.shell);
show(os.totalmem(), os.totalmem() > os.freemem(), os.loadavg().length, os.uptime() > 0, os.constants.signals.SIGTERM, os.constants.errno.ENOENT);
show(Object.keys(os));
