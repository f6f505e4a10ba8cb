const show = (...v) => console.log(JSON.stringify(v));
const { port1, port2 } = new MessageChannel();
const order = [];
port2.onmessage = (e) => {
  order.push(e.data.n);
  show('got', e.type, e.data.n, e.data.m instanceof Map, e.data.m.get('k'), e.target === port2, e instanceof MessageEvent);
  if (e.data.n === 3) { show('order', order); port2.close(); broadcastPart(); }
};
const sent = { n: 1, m: new Map([['k', 'v']]) };
port1.postMessage(sent);
sent.n = 99;  // cloned at post time
port1.postMessage({ n: 2, m: new Map([['k', 2]]) });
port1.postMessage({ n: 3, m: new Map() });
try { port1.postMessage(() => 1); } catch (e) { show(e.name, e.message); }
try { new MessagePort(); } catch (e) { show(e.name, e.code, e.message); }
const m = new MessageEvent('message', { data: 5 });
show(m.data, m.origin, m.lastEventId, m.source, m.ports, new MessageEvent('x').data);
const wt = require('worker_threads');
const c2 = new wt.MessageChannel();
c2.port1.postMessage('sync');
show(wt.receiveMessageOnPort(c2.port2), wt.receiveMessageOnPort(c2.port2), wt.MessageChannel === MessageChannel);
c2.port1.close();
// Cross-channel delivery order is not specified: the broadcast runs after the port is done.
function broadcastPart() {
const b1 = new BroadcastChannel('news');
const b2 = new BroadcastChannel('news');
const b3 = new BroadcastChannel('other');
b3.onmessage = () => show('wrong channel');
b2.onmessage = (e) => { show('broadcast', e.data, b2.name); b1.close(); b2.close(); b3.close(); };
b1.postMessage({ hello: 'world' });
}
// An unstarted port does not keep the process alive.
new MessageChannel().port1.postMessage('nobody listens');
