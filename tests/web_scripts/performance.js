const show = (...v) => console.log(JSON.stringify(v));
const t0 = performance.now();
show(typeof t0, t0 >= 0, Math.abs(performance.timeOrigin - Date.now()) < 60000);
const m = performance.mark('a', { detail: { x: 1 } });
show(m.name, m.entryType, m.duration, m.detail, typeof m.startTime);
performance.mark('b', { startTime: m.startTime + 5 });
const ms = performance.measure('ab', 'a', 'b');
// Rounded: startTime + 5 - startTime is not exactly 5 for every float startTime (in Node too).
const r = (x) => Math.round(x * 1e6) / 1e6;
show(ms.name, ms.entryType, r(ms.duration), ms.startTime === m.startTime);
const ms2 = performance.measure('opt', { start: 'a', duration: 2, detail: 'd' });
show(r(ms2.duration), ms2.detail);
show(performance.getEntriesByType('mark').map((e) => e.name), performance.getEntriesByName('ab').length, performance.getEntries().length);
performance.clearMarks('a'); show(performance.getEntriesByType('mark').map((e) => e.name));
performance.clearMarks(); performance.clearMeasures(); show(performance.getEntries().length);
try { performance.measure('x', 'missing'); } catch (e) { show(e.name, e.message); }
show(Object.keys(performance.toJSON()), Object.keys(m.toJSON()));
show(performance.now() >= t0);
for (const f of ['getEntriesByName', 'getEntriesByType']) {
  try { performance[f](); } catch (e) { show(f, e.name, e.code, e.message); }
}
performance.mark(undefined);
show(performance.getEntriesByName(undefined).length, performance.getEntriesByType(undefined).length);
// clearMarks/clearMeasures convert the name even when nothing is stored.
for (const f of ['clearMarks', 'clearMeasures']) {
  try { performance[f](Symbol('foo')); show(f, 'no throw'); } catch (e) { show(f, e.name, e.message); }
  performance[f](1);
  performance[f](null);
}
// process.uptime() counts from where performance.now() does (within a few ms of it).
show(Math.abs(process.uptime() * 1000 - performance.now()) < 50,
  Math.abs(Date.now() - performance.timeOrigin - process.uptime() * 1000) < 50);
