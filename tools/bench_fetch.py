"""fetch() cost in hostrt against Node 20, on a local keep-alive HTTP server.

    python tools/bench_fetch.py [--runs N] [--mb M]

One script, run by `node` and by `hostrt run`: a GET of an M MB body read with arrayBuffer(),
then 200 sequential small GETs (text()). Prints the best of N runs of each figure, in ms, as the
script measured it (process start-up excluded).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SCRIPT = """
(async () => {
  const base = process.argv[2];
  let t = performance.now();
  const big = await (await fetch(`${base}/big`)).arrayBuffer();
  const bigMs = performance.now() - t;
  t = performance.now();
  for (let i = 0; i < 200; i++) await (await fetch(`${base}/small`)).text();
  console.log(JSON.stringify({ bytes: big.byteLength, big: bigMs, small: (performance.now() - t) / 200 }));
})();
"""


def serve(size: int) -> ThreadingHTTPServer:
    """A keep-alive HTTP/1.1 server on 127.0.0.1: /big (size bytes) and /small (2 bytes)."""
    payload = bytes(range(256)) * (size // 256)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body are two writes

        def log_message(self, format: str, *args: object) -> None:
            """Quiet."""

        def do_GET(self) -> None:
            body = payload if self.path == "/big" else b"ok"
            self.send_response(200)
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def run(cmd: list[str], script: Path, base: str) -> dict[str, float]:
    """One run's figures."""
    proc = subprocess.run([*cmd, str(script), base], capture_output=True, text=True, timeout=300,
                          check=False)
    if proc.returncode != 0:
        sys.exit(f"bench_fetch: {' '.join(cmd)} failed: {proc.stderr.strip()}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    """Run the benchmark and print a small table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--mb", type=int, default=20)
    args = parser.parse_args()
    node = shutil.which("node")
    if node is None:
        sys.exit("bench_fetch: real Node.js (v20) is not on PATH")
    httpd = serve(args.mb * 1_000_000)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        with tempfile.TemporaryDirectory() as tmp:
            script = Path(tmp) / "bench.js"
            script.write_text(SCRIPT)
            for name, cmd in (("node", [node]), ("hostrt", [sys.executable, "-m", "hostrt.cli", "run"])):
                runs = [run(cmd, script, base) for _ in range(args.runs)]
                print(f"{name:7} {args.mb} MB body: {min(r['big'] for r in runs):8.1f} ms   "
                      f"small GET: {min(r['small'] for r in runs):6.2f} ms each")
    finally:
        httpd.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
