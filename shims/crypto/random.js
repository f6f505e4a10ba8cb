// Synchronous randomness for the crypto shim, from an entropy pool Python fills.
//
// JS cannot call Python synchronously, so Python hands the isolate a pool of os.urandom bytes at
// start-up (`crypto.entropy` config) and tops it up asynchronously: when the pool falls under the
// low-water mark JS posts `crypto.refill` and Python answers with a `crypto.entropy` event. A
// synchronous request larger than what is left is completed by an HMAC_DRBG (SP 800-90A, SHA-256)
// seeded from the OS bytes at start-up and reseeded with fresh OS bytes on every refill. It never
// blocks and never throws for lack of entropy (declared in shim.toml).
'use strict';
const bridge = require('hostrt:bridge');
const { base64Decode } = require('./bytes.js');

const conf = bridge.config('crypto') || {};
const LOW_WATER = conf.lowWater || 4096;
const REFILL = conf.refill || 16384;
const SEED_LEN = 48;

let pool = base64Decode(conf.entropy || '');
let pos = 0;
let refillPending = false;
const stats = { poolBytes: 0, drbgBytes: 0, refills: 0, reseeds: 0 };

// --- HMAC_DRBG (SP 800-90A section 10.1.2) with SHA-256 ---------------------------------------
let K = new Uint8Array(32);
let V = new Uint8Array(32).fill(1);
function concat(...parts) {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}
// The DRBG is instantiated only when the pool first runs dry (most programs never need it), so
// its hash code is not compiled at start-up. Seed material waits in `pendingSeeds` until then.
let hmac;
let sha256;
const pendingSeeds = [];
function drbgReady() {
  if (hmac === undefined) {
    hmac = require('hostrt:noble/hmac').hmac;
    sha256 = require('hostrt:noble/sha2').sha256;
  }
  for (const seed of pendingSeeds.splice(0)) drbgUpdate(seed);
}
function drbgUpdate(provided) {
  K = hmac(sha256, K, concat(V, [0], provided));
  V = hmac(sha256, K, V);
  if (provided.length > 0) {
    K = hmac(sha256, K, concat(V, [1], provided));
    V = hmac(sha256, K, V);
  }
}
function drbgGenerate(out) {
  // K is fixed for one request: key the HMAC once and clone it per block.
  const keyed = hmac.create(sha256, K);
  for (let o = 0; o < out.length; o += 32) {
    V = keyed.clone().update(V).digest();
    out.set(V.subarray(0, Math.min(32, out.length - o)), o);
  }
  drbgUpdate(new Uint8Array(0));
}
// Small synchronous draws past the pool are served from one DRBG request of DRBG_CHUNK bytes
// (one request per chunk, not per call); served bytes are wiped, and a reseed drops the rest.
const DRBG_CHUNK = 4096;
const drbgCache = new Uint8Array(DRBG_CHUNK);
let drbgPos = DRBG_CHUNK;
function fromDrbg(out) {
  if (out.length > DRBG_CHUNK / 4) {
    drbgGenerate(out);
    return;
  }
  let o = 0;
  while (o < out.length) {
    if (drbgPos === DRBG_CHUNK) {
      drbgGenerate(drbgCache);
      drbgPos = 0;
    }
    const n = Math.min(out.length - o, DRBG_CHUNK - drbgPos);
    out.set(drbgCache.subarray(drbgPos, drbgPos + n), o);
    drbgCache.fill(0, drbgPos, drbgPos + n);
    drbgPos += n;
    o += n;
  }
}
function reseed(bytes) {
  drbgCache.fill(0);
  drbgPos = DRBG_CHUNK;
  pendingSeeds.push(bytes.slice());
  stats.reseeds++;
  if (pendingSeeds.length > 8) drbgReady(); // keep waiting seed material bounded
}

function available() { return pool.length - pos; }

function requestRefill() {
  if (refillPending || bridge.exiting) return;
  refillPending = true;
  bridge.post('crypto.refill', REFILL);
}

bridge.on('crypto.entropy', (b64) => {
  refillPending = false;
  const fresh = base64Decode(b64);
  reseed(fresh.subarray(0, SEED_LEN));
  pool = concat(pool.subarray(pos), fresh.subarray(SEED_LEN));
  pos = 0;
  stats.refills++;
});

// Seed the DRBG from the first OS bytes of the pool; the pool keeps the rest.
if (available() >= SEED_LEN) {
  reseed(pool.subarray(0, SEED_LEN));
  pos = SEED_LEN;
} else {
  requestRefill();
}

/** Fill `out` (a Uint8Array) with random bytes: pool first, then the DRBG. */
function fillRandom(out) {
  const fromPool = Math.min(out.length, available());
  if (fromPool > 0) {
    out.set(pool.subarray(pos, pos + fromPool));
    // The bytes handed out are wiped from the pool.
    pool.fill(0, pos, pos + fromPool);
    pos += fromPool;
    stats.poolBytes += fromPool;
  }
  if (fromPool < out.length) {
    if (stats.reseeds === 0) {
      throw new Error('hostrt crypto: no entropy was provided at start-up');
    }
    drbgReady();
    fromDrbg(out.subarray(fromPool));
    stats.drbgBytes += out.length - fromPool;
  }
  if (available() < LOW_WATER) requestRefill();
  return out;
}

/** Async OS randomness straight from Python (os.urandom), as a Uint8Array. */
function osRandom(n) {
  return bridge.call('crypto.random', n).then((b64) => base64Decode(b64));
}

module.exports = { fillRandom, osRandom, stats, available };
