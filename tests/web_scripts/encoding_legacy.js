// Every single-byte legacy encoding, every byte, through a few labels each; plus fatal handling.
// (Multi-byte legacy encodings are a declared gap: tests/test_web_globals.py checks the error.)
const all = Uint8Array.from({ length: 256 }, (_, i) => i);
const names = ['ibm866', 'latin2', 'ISO-8859-3', 'l4', 'cyrillic', 'arabic', 'greek', 'hebrew', 'logical', 'latin6',
  'iso-8859-13', 'iso8859-14', 'l9', 'iso-8859-16', 'koi8-r', 'koi8-u', 'mac', 'tis-620', 'cp1250', 'windows-1251',
  'x-cp1253', 'latin5', 'cp1255', 'windows-1256', 'cp1257', 'cp1258', 'x-mac-cyrillic', 'x-mac-ukrainian'];
for (const label of names) {
  let line;
  try {
    const d = new TextDecoder(label);
    const text = d.decode(all);
    let fatal;
    try { new TextDecoder(label, { fatal: true }).decode(all); fatal = 'ok'; } catch (e) { fatal = e.code; }
    line = [label, d.encoding, text.length, Array.from(text, (c) => c.charCodeAt(0).toString(16)).join(' '), fatal];
  } catch (e) {
    line = [label, e.code];
  }
  console.log(JSON.stringify(line));
}
