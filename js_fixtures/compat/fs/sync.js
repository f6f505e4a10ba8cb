// probe: fs synchronous read/write/stat/readdir in a temp dir
// api: fs.readFileSync
const fs = require('fs');
const os = require('os');
const path = require('path');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compat-'));
fs.writeFileSync(path.join(dir, 'a.txt'), 'hello');
fs.appendFileSync(path.join(dir, 'a.txt'), ' world');
console.log(fs.readFileSync(path.join(dir, 'a.txt'), 'utf8'));
console.log(fs.existsSync(path.join(dir, 'nope')), fs.statSync(path.join(dir, 'a.txt')).size);
console.log(fs.readdirSync(dir));
try { fs.readFileSync(path.join(dir, 'missing')); } catch (e) { console.log(e.code); }
fs.rmSync(dir, { recursive: true });
console.log(fs.existsSync(dir));
