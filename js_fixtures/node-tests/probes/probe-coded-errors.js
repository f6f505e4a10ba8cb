// Differential probe: run by real Node and by hostrt; stdout must be identical.
const EventEmitter = require('events');
try { new EventEmitter().on('x', 1); } catch (e) { console.log(JSON.stringify(Object.keys(e)), require('util').inspect(e).split('\n').filter((l) => !/^\s+at /.test(l)).join('|')); }
try { require('path').join(1); } catch (e) { console.log(String(e), e.name); }
try { Buffer.from('x').toString('zz'); } catch (e) { console.log(JSON.stringify(Object.keys(e)), String(e)); }
