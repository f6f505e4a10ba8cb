// Differential probe: run by real Node and by hostrt; stdout must be identical.
// win32 paths with colons and reserved device names (Node 20.20's CVE-2025-23084/27210 fixes).
const w = require('path').win32;
const cases = ['ab:c', 'x\\y:z', 'c:', 'con:', 'a\\:', ':', 'ab\\cd:', 'ab:', 'a:\\', 'ab:\\x', 'x\\ab:\\', 'a:b:', '::', 'x\\::', 'ab:.', 'ab:\\..', '..\\ab:', 'ab:c\\d:', '\\x\\ab:', 'c:\\x\\ab:', 'ab:\\.', 'con:x', 'con:\\x', 'x\\con:', 'prn:', 'com10:', 'lpt1:x', 'con:.', 'con:\\', 'aux:..', 'aux:a:', 'con::', 'UNC/sharec:/', 'q\\..\\ab:c', 'a:b\\..'];
for (const p of cases) console.log(JSON.stringify([p, w.normalize(p), w.join(p), w.join('y', p), w.join(p, 'y'), w.join('con:', p)]));
