"""fs.write / fs.writeSync on fd 1 and 2 (how pino's sonic-boom logs) and the Buffer paths loggers
hit on every line (Buffer.byteLength, Buffer.from(string)), compared with real Node."""

from __future__ import annotations

import json

from tests.conftest import requires_node

STDIO = r"""
const fs = require('fs');
const seen = [];
fs.write(1, 'a string line\n', (err, n, buf) => seen.push(['string', err, n, typeof buf]));
const bytes = Buffer.from('..a slice of bytes é\n..');
fs.write(1, bytes, 2, bytes.length - 4, (err, n, buf) => seen.push(['slice', err, n, buf === bytes]));
fs.write(2, 'to stderr ✓\n', (err, n) => seen.push(['stderr', err, n]));
const n1 = fs.writeSync(1, 'sync string 🐱\n');
const n2 = fs.writeSync(1, Buffer.from('sync bytes\n'));
const n3 = fs.writeSync(1, new Uint8Array([0x6f, 0x6b, 0x0a]), 0, 3);
process.on('exit', () => console.log(JSON.stringify({ seen, n1, n2, n3 })));
"""

BUFFERS = r"""
const texts = ['', 'plain ascii', '{"level":30,"msg":"a log line"}\n', 'héllo ✓', 'cat 🐱',
  'lone \ud800 high', 'lone \udc00 low', 'x'.repeat(5000), 'é'.repeat(3000)];
for (const t of texts) {
  const b = Buffer.from(t);
  console.log(JSON.stringify([t.length, Buffer.byteLength(t), b.length, b.toString('hex').slice(0, 80),
    b.toString() === t.toWellFormed(), Buffer.isBuffer(b), b instanceof Uint8Array]));
}
// Short strings share a pool, as in Node: 8-byte aligned views of one Buffer.poolSize buffer.
const a = Buffer.from('first'), b = Buffer.from('second');
console.log(a.buffer === b.buffer, a.buffer.byteLength === Buffer.poolSize, a.byteOffset % 8,
  b.byteOffset % 8, Buffer.from('x'.repeat(Buffer.poolSize)).buffer.byteLength);
b.fill(0x2a);
console.log(a.toString(), b.toString(), Buffer.from('third').toString());
"""


@requires_node
def test_stdio_writes_like_node(engine, write_js, hostrt_run, node_run):
    script = write_js("stdio.js", STDIO)
    ref = node_run(script)
    got = hostrt_run("--engine", engine, script)
    assert ref.code == 0 and got.code == 0, got.err
    assert got.err == ref.err == "to stderr ✓\n"
    # fs.write's completion is asynchronous in Node: compare the lines, and what each callback
    # got. Not the callbacks' order: Node completes them from libuv's thread pool, and both
    # (string, stderr, slice) and (slice, stderr, string) were seen from the same script.
    assert sorted(got.out.splitlines()[:-1]) == sorted(ref.out.splitlines()[:-1])
    ours, node = json.loads(got.out.splitlines()[-1]), json.loads(ref.out.splitlines()[-1])
    assert sorted(ours.pop("seen"), key=json.dumps) == sorted(node.pop("seen"), key=json.dumps)
    assert ours == node  # the writeSync byte counts


@requires_node
def test_buffer_from_string_and_byte_length_like_node(engine, write_js, hostrt_run, node_run):
    script = write_js("buffers.js", BUFFERS)
    ref = node_run(script)
    got = hostrt_run("--engine", engine, script)
    assert (got.code, got.err) == (ref.code, ref.err) == (0, "")
    assert got.out == ref.out
