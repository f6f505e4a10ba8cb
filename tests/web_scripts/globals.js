// Type and enumerability of the web globals (enumerable ones match Node's generated list).
const names = ['TextEncoder', 'TextDecoder', 'atob', 'btoa', 'URL', 'URLSearchParams', 'structuredClone', 'AbortController', 'AbortSignal', 'Event', 'EventTarget', 'CustomEvent', 'DOMException', 'performance', 'global', 'navigator',
  'MessageChannel', 'MessagePort', 'MessageEvent', 'BroadcastChannel', 'Blob', 'File',
  'ReadableStream', 'WritableStream', 'TransformStream', 'TextEncoderStream', 'TextDecoderStream', 'CompressionStream', 'DecompressionStream', 'CountQueuingStrategy', 'ByteLengthQueuingStrategy'];
console.log(JSON.stringify(names.map((n) => [n, typeof globalThis[n], Object.prototype.propertyIsEnumerable.call(globalThis, n)])));
console.log(JSON.stringify(global === globalThis));
console.log(JSON.stringify(['AbortSignal', 'Event', 'EventTarget', 'AbortController', 'TextDecoder'].map((n) => Object.getOwnPropertyNames(globalThis[n].prototype).sort())));
console.log(Object.prototype.toString.call(globalThis), String(globalThis), JSON.stringify(Object.getOwnPropertyDescriptor(globalThis, Symbol.toStringTag)));
