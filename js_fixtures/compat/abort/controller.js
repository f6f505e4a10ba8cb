// probe: AbortController/AbortSignal abort reason, timeout, any, event listener
// api: AbortController
const ac = new AbortController();
ac.signal.addEventListener('abort', () => console.log('abort event', ac.signal.aborted));
ac.abort('why');
console.log(ac.signal.reason);
const s = AbortSignal.abort();
console.log(s.aborted, s.reason.name);
try { s.throwIfAborted(); } catch (e) { console.log('thrown', e.name); }
const t = AbortSignal.timeout(5);
t.onabort = () => console.log('timeout abort', t.reason.name);
