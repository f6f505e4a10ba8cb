'use strict';
const os = require('os');
for (const [k, v] of [['TMPDIR', '/tmpdir'], ['TMP', '/tmp'], ['TEMP', '/temp']]) process.env[k] = v;
const seen = [os.tmpdir()];
process.env.TMPDIR = ''; seen.push(os.tmpdir());
process.env.TMP = ''; seen.push(os.tmpdir());
process.env.TEMP = ''; seen.push(os.tmpdir());
process.env.TMPDIR = '/tmpdir/'; seen.push(os.tmpdir());
process.env.TMPDIR = '/'; seen.push(os.tmpdir());
console.log(seen.join(' '));
try { os.EOL = 'x'; } catch (e) { console.log(e.name); }
try { os.constants = {}; } catch (e) { console.log(e.name); }
console.log(JSON.stringify(Object.getOwnPropertyDescriptor(os, 'EOL')), JSON.stringify(Object.getOwnPropertyDescriptor(os, 'devNull')));
Object.defineProperty(os, 'EOL', { value: 'foo' }); console.log(os.EOL);
