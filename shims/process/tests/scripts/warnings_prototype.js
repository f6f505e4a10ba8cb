process.on('warning', (w) => console.log('event', w.name, w.message, w.code, w.detail));
process.emitWarning('x'); process.emitWarning('y', {detail:'dd', code:'C1'}); process.emitWarning(new Error('e')); process.emit('warning', 'str'); const e=new Error('t'); e.toString=1; process.emitWarning(e);
try{process.emitWarning(1)}catch(x){console.log(x.code,x.message)}; try{process.emitWarning('a', 1)}catch(x){console.log(x.code,x.message)}; try{process.emitWarning('a', 'T', 2)}catch(x){console.log(x.code,x.message)};
process.noDeprecation=true; process.emitWarning('dep','DeprecationWarning'); process.noDeprecation=false; process.emitWarning('dep2','DeprecationWarning','DEP9');
process.emitWarning('w3', 'CustomWarning', 'C3'); process.emitWarning('w4', function f() {});
const proto = Object.getPrototypeOf(process); console.log(proto instanceof require('events'), process.constructor.name, process instanceof process.constructor, process.listenerCount('warning'), process.release.name, process.release.lts);
process.throwDeprecation = true; process.once('uncaughtException', (err) => console.log('thrown', String(err))); process.emitWarning('td', 'DeprecationWarning');
process.on('exit', () => { process.nextTick(() => console.log('tick after exit: never')); console.log('exit'); });
