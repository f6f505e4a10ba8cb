// Enumerability differs (hostrt's lazy globals are all non-enumerable): not compared here.
const names = ['TextEncoder', 'TextDecoder', 'atob', 'btoa', 'URL', 'URLSearchParams', 'structuredClone', 'AbortController', 'AbortSignal', 'Event', 'EventTarget', 'CustomEvent', 'DOMException', 'performance', 'global', 'navigator'];
console.log(JSON.stringify(names.map((n) => [n, typeof globalThis[n]])));
console.log(JSON.stringify(global === globalThis));
console.log(JSON.stringify(['AbortSignal', 'Event', 'EventTarget', 'AbortController', 'TextDecoder'].map((n) => Object.getOwnPropertyNames(globalThis[n].prototype).sort())));
