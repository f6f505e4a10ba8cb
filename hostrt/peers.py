"""The peer runtimes beside Node: Deno 2 and Bun, installed from npm by `hostrt setup --peers`.

Both publish their binaries as npm packages (`deno` → `@deno/linux-x64-glibc`, `bun` →
`@oven/bun-linux-x64`), so a lockfile shipped in hostrt (`hostrt/npm/peers/`) pins exactly which
builds the compat lab and the bench compare. They are installed into $HOSTRT_HOME/peers and
never looked up on PATH: a figure always names the version that produced it.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from hostrt.loader.npm import NPM_SPEC_DIR, lockfile_installed, npm_ci
from hostrt.paths import home

PEERS_SPEC_DIR = NPM_SPEC_DIR / "peers"
INSTALL_HINT = "hostrt setup --peers"


@dataclass(frozen=True)
class Peer:
    """One peer runtime: its name, its binary under node_modules/.bin, and how a user runs a
    Node-style script with it (its Node-compatibility mode)."""

    name: str
    label: str
    binary: str
    run_args: tuple[str, ...]   # before the script path
    mode: str                   # the flags, said in words for the reports


PEERS: dict[str, Peer] = {
    # A Node script is CommonJS without a package.json saying so (Deno 2 needs the detection
    # flag), and its packages are an npm-installed node_modules tree (Deno's own npm resolver
    # rejects deep imports it did not resolve itself: "not a dependency").
    "deno": Peer("deno", "Deno", "deno",
                 ("run", "--allow-all", "--unstable-detect-cjs", "--node-modules-dir=manual",
                  "--quiet"),
                 "`deno run --allow-all --unstable-detect-cjs --node-modules-dir=manual` "
                 "(Deno 2's Node compatibility: CommonJS detected, `node:` and bare built-in "
                 "specifiers, packages from an npm-installed node_modules)"),
    "bun": Peer("bun", "Bun", "bun", ("run",),
                "`bun run FILE`, as-is (Bun's built-in Node compatibility)"),
}


def peers_dir() -> Path:
    """Where `hostrt setup --peers` installs Deno and Bun."""
    return home() / "peers"


def binary(name: str) -> Path:
    """The installed binary of peer `name` (it may not exist: see `installed`)."""
    return peers_dir() / "node_modules" / ".bin" / PEERS[name].binary


def installed(name: str) -> bool:
    """True when peer `name` is installed from the shipped lockfile and its binary exists."""
    return lockfile_installed(PEERS_SPEC_DIR, peers_dir(), binary(name))


def not_installed_note(name: str) -> str:
    """What the reports say for a peer that is absent: never a silent skip."""
    return f"{PEERS[name].label} is not installed (run `{INSTALL_HINT}`)"


def ensure_peers(*, announce: bool = True) -> Path:
    """Install every peer from the shipped lockfile (once); return the install folder."""
    check = binary(next(iter(PEERS)))
    return npm_ci(PEERS_SPEC_DIR, peers_dir(), check, what="the peer runtimes (Deno, Bun)",
                  announce=announce)


def version(name: str) -> str:
    """The installed peer's version string (e.g. `2.9.6`), or "" when it does not answer."""
    try:
        proc = subprocess.run([str(binary(name)), "--version"], capture_output=True, text=True,
                              timeout=30, stdin=subprocess.DEVNULL)
    except OSError:
        return ""
    first = proc.stdout.strip().splitlines()[0] if proc.stdout.strip() else ""
    # deno: "deno 2.9.6 (stable, ...)"; bun: "1.4.5"
    parts = first.split()
    if parts and parts[0] == name and len(parts) > 1:
        return parts[1]
    return parts[0] if parts else ""
