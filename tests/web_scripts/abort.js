const show = (...v) => console.log(JSON.stringify(v));
const ac = new AbortController();
let calls = 0;
ac.signal.onabort = (e) => show('onabort', e.type, ac.signal.aborted);
ac.signal.addEventListener('abort', () => calls++);
show(ac.signal.aborted, String(ac.signal.reason));
ac.abort(); ac.abort('again');
show(ac.signal.aborted, ac.signal.reason.name, ac.signal.reason.message, ac.signal.reason instanceof DOMException, calls);
const c2 = new AbortController(); c2.abort('why'); show(c2.signal.reason);
try { c2.signal.throwIfAborted(); } catch (e) { show('thrown', e); }
const s = AbortSignal.abort(); show(s.aborted, s.reason.name);
const a1 = new AbortController(), a2 = new AbortController();
const any = AbortSignal.any([a1.signal, a2.signal]);
any.addEventListener('abort', () => show('any', any.reason));
a2.abort('second');
show(AbortSignal.any([AbortSignal.abort('pre')]).reason);
try { new AbortSignal(); } catch (e) { show(e.name, e.code, e.message); }
try { AbortSignal.timeout(-1); } catch (e) { show(e.name, e.code); }
const t = AbortSignal.timeout(5);
t.addEventListener('abort', () => show('timeout', t.reason.name, t.reason.message, t.reason.code));
setTimeout(() => show('done', t.aborted), 50);
