const show = (v) => console.log(JSON.stringify(v));
const enc = new TextEncoder();
show([enc.encoding, Array.from(enc.encode('aé€😀\ud800x')), enc.encodeInto('héllo', new Uint8Array(3))]);
const cases = [[0xe2, 0x82, 0xac], [0xff, 0x41], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xef, 0xbb, 0xbf, 0x41], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf4, 0x90, 0x80, 0x80]];
for (const c of cases) show(new TextDecoder().decode(Uint8Array.from(c)));
show(new TextDecoder('utf-8', { ignoreBOM: true }).decode(Uint8Array.of(0xef, 0xbb, 0xbf, 0x41)));
const d = new TextDecoder();
show([d.decode(Uint8Array.of(0xe2), { stream: true }), d.decode(Uint8Array.of(0x82), { stream: true }), d.decode(Uint8Array.of(0xac))]);
show(new TextDecoder('utf-16le').decode(Uint8Array.of(0x41, 0, 0x3d, 0xd8, 0x00, 0xde, 0x42)));
show(new TextDecoder('utf-16be').decode(Uint8Array.of(0, 0x41, 0xd8, 0x3d)));
const l = new TextDecoder(' Latin1 ');
show([l.encoding, l.fatal, l.ignoreBOM, new TextDecoder('UTF8').encoding, new TextDecoder('unicode').encoding]);
show(new TextDecoder('latin1').decode(Uint8Array.of(0x41, 0xe9, 0xff)));
show(new TextDecoder().decode(new Uint16Array([0x4241]).buffer));
show(new TextDecoder().decode(new DataView(Uint8Array.of(0x43, 0x44).buffer, 1)));
for (const f of [() => new TextDecoder('nope'), () => new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.of(0xc3)),
  () => new TextDecoder('utf-16le', { fatal: true }).decode(Uint8Array.of(0x00, 0xdc)), () => new TextDecoder().decode('str')]) {
  try { f(); show('no error'); } catch (e) { show([e.name, e.code, e.message]); }
}
