// probe: EventTarget, Event, CustomEvent dispatch
// api: events.EventTarget
const et = new EventTarget();
et.addEventListener('ping', (ev) => console.log('got', ev.type, ev instanceof Event));
et.addEventListener('ping', () => console.log('once'), { once: true });
et.dispatchEvent(new Event('ping'));
et.dispatchEvent(new Event('ping'));
console.log(typeof CustomEvent);
