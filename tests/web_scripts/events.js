const show = (...v) => console.log(JSON.stringify(v));
const t = new EventTarget();
const f = (ev) => show('f', ev.type, ev.target === t, ev.currentTarget === t, ev.eventPhase);
t.addEventListener('x', f);
t.addEventListener('x', f);
t.addEventListener('x', { handleEvent(ev) { show('obj', this !== t, ev.type); } });
t.addEventListener('x', () => show('once'), { once: true });
t.addEventListener('x', (ev) => { ev.preventDefault(); show('passive', ev.defaultPrevented); }, { passive: true });
show('ret', t.dispatchEvent(new Event('x', { cancelable: true })));
show('ret2', t.dispatchEvent(new Event('x')));
t.removeEventListener('x', f);
const ev = new Event('y', { cancelable: true, bubbles: true });
t.addEventListener('y', (e) => { e.preventDefault(); e.stopImmediatePropagation(); show('first'); });
t.addEventListener('y', () => show('never'));
show('prevented', t.dispatchEvent(ev), ev.defaultPrevented, ev.bubbles, ev.cancelable, ev.composed, ev.isTrusted, ev.target === t, ev.eventPhase, ev.returnValue);
const ac = new AbortController();
t.addEventListener('z', () => show('z'), { signal: ac.signal });
t.dispatchEvent(new Event('z')); ac.abort(); t.dispatchEvent(new Event('z'));
const ce = new CustomEvent('c', { detail: { a: 1 } });
show(ce.detail, new CustomEvent('d').detail, ce instanceof Event, Event.AT_TARGET);
for (const fn of [() => new Event(), () => t.dispatchEvent({ type: 'x' }), () => t.addEventListener('x', 5)]) {
  try { fn(); show('no error'); } catch (e) { show(e.name, e.code, e.message); }
}
const r = new Event('r');
t.addEventListener('r', () => { try { t.dispatchEvent(r); } catch (e) { show(e.name, e.code, e.message); } });
t.dispatchEvent(r);
process.on('uncaughtException', (err) => show('uncaught', err.message));
t.addEventListener('boom', () => { throw new Error('listener failed'); });
t.addEventListener('boom', () => show('after boom'));
t.dispatchEvent(new Event('boom'));
show('sync end');
