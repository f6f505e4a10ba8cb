// probe: TextEncoder/TextDecoder utf-8, streaming decode, fatal mode
// api: util.TextEncoder
const enc = new TextEncoder();
console.log(enc.encode('héllo'), enc.encoding);
const dec = new TextDecoder();
console.log(dec.decode(new Uint8Array([0xe2, 0x82, 0xac])));
console.log(dec.decode(new Uint8Array([0xe2]), { stream: true }) + dec.decode(new Uint8Array([0x82, 0xac])));
try { new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array([0xff])); } catch (e) { console.log(e.name, e.code); }
console.log(new TextDecoder('utf-16le').decode(new Uint8Array([104, 0, 105, 0])));
console.log(JSON.stringify(enc.encodeInto('ab', new Uint8Array(1))));
