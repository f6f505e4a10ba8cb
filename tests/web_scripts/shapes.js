// Class shapes: constructor length, prototype members, statics (except Node's function-only
// 'arguments'/'caller') and parent class, for every web global class.
const classes = ['TextEncoder', 'TextDecoder', 'URL', 'URLSearchParams', 'AbortController', 'AbortSignal', 'Event', 'EventTarget', 'CustomEvent', 'DOMException', 'MessageChannel', 'MessagePort', 'MessageEvent', 'BroadcastChannel', 'ReadableStream', 'WritableStream', 'TransformStream', 'ReadableStreamDefaultReader', 'WritableStreamDefaultWriter', 'TextEncoderStream', 'TextDecoderStream', 'CompressionStream', 'DecompressionStream', 'CountQueuingStrategy', 'ByteLengthQueuingStrategy'];
for (const n of classes) {
  const C = globalThis[n];
  const statics = Object.getOwnPropertyNames(C).filter((k) => !['length', 'name', 'prototype', 'arguments', 'caller'].includes(k)).sort();
  console.log(n, C.length, JSON.stringify(Object.getOwnPropertyNames(C.prototype).sort()), JSON.stringify(statics), Object.getPrototypeOf(C.prototype) === Object.prototype ? 'Object' : Object.getPrototypeOf(C.prototype).constructor.name);
}
console.log('performance', JSON.stringify(Object.getOwnPropertyNames(Object.getPrototypeOf(performance)).sort()));
