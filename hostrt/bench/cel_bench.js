'use strict';
// hostrt bench cel: the same 20 admission expressions through two CEL implementations.
//
//   impl "host":     require('hostrt:cel') — CEL evaluated by the host (hostrt only)
//   impl "bufbuild": @bufbuild/cel — CEL evaluated in JavaScript (Node and hostrt)
//
// Under hostrt the Python side dispatches the `celbench.*` handlers and times each dispatch;
// under Node (`node cel_bench.js N RUNS WARMUP`) the driver at the bottom times the very same
// loop functions with process.hrtime and prints JSON. Lives in hostrt's npm folder at run time.
const W = require('./cel_workload.json');

const activation = { object: W.object, oldObject: null, request: W.request, params: W.params };
const compiled = {};   // impl -> programs of the 20 expressions

function impl(name) {
  if (name === 'host') {
    const cel = require('hostrt:cel');
    return {
      compile: (expr) => cel.compile(expr),
      evaluate: (p) => p.evaluate(activation),
      request: (ps) => cel.evaluateAll(ps, activation),
    };
  }
  const cel = require('@bufbuild/cel');
  const { strings } = require('@bufbuild/cel/ext');
  const env = cel.celEnv({ funcs: strings });
  const check = (v) => { if (cel.isCelError(v)) throw v; return v; };
  return {
    compile: (expr) => cel.plan(env, cel.parse(expr)),
    evaluate: (p) => check(p(activation)),
    request: (ps) => ps.map((p) => ({ value: check(p(activation)) })),
  };
}

const impls = {};
const get = (name) => (impls[name] ??= impl(name));
// A value or (mini-racer's host calls) a Promise: await only when needed, so the synchronous
// paths pay no microtask.
const settle = (v) => (v !== null && typeof v === 'object' && typeof v.then === 'function' ? v : null);

async function programs(name) {
  if (compiled[name] === undefined) {
    const out = [];
    for (const e of W.expressions) { const p = get(name).compile(e); out.push(settle(p) ? await p : p); }
    compiled[name] = out;
  }
  return compiled[name];
}

/** A short whitespace prefix unique to k (k in base 3 as space/tab/newline): a distinct source
 *  for the same program, so no compile cache answers. */
function variant(k) {
  let s = ' ';
  for (let x = k; x > 0; x = Math.floor(x / 3)) s += ' \t\n'[x % 3];
  return s;
}

/** Compile every expression `count` times, each time a distinct source, so no cache answers.
 *  Returns how many compiles ran. */
async function compileLoop({ impl: name, k0, count }) {
  const c = get(name);
  let n = 0;
  for (let k = k0; k < k0 + count; k++) {
    for (const e of W.expressions) {
      const p = c.compile(variant(k) + e);
      if (settle(p)) await p;
      n++;
    }
  }
  return n;
}

/** Evaluate expression `i` `n` times. */
async function evalLoop({ impl: name, i, n }) {
  const p = (await programs(name))[i];
  const c = get(name);
  let v;
  for (let j = 0; j < n; j++) {
    v = c.evaluate(p);
    if (settle(v)) v = await v;
  }
  return v;
}

/** `n` admission requests, each checking all 20 rules (one evaluateAll for the host). */
async function requestLoop({ impl: name, n }) {
  const ps = await programs(name);
  const c = get(name);
  let v;
  for (let j = 0; j < n; j++) {
    v = c.request(ps);
    if (settle(v)) v = await v;
  }
  return v.length;
}

async function answers({ impl: name }) {
  const ps = await programs(name);
  const out = [];
  for (const p of ps) { let v = get(name).evaluate(p); if (settle(v)) v = await v; out.push(v); }
  return out;
}

if (typeof process !== 'undefined' && process.release && process.release.name === 'node' &&
    typeof globalThis.__hostrt === 'undefined') {
  // Node: time the same loops with hrtime; µs per operation, one sample per (run, expression).
  const [n, runs, warmup, compiles] = process.argv.slice(2).map(Number);
  const time = async (fn, arg, per) => {
    const t0 = process.hrtime.bigint();
    await fn(arg);
    return Number(process.hrtime.bigint() - t0) / 1000 / per;
  };
  (async () => {
    const out = { evaluate: [], request: [], compile: [], answers: await answers({ impl: 'bufbuild' }) };
    let k = Number(process.argv[6] || 1);
    for (let r = 0; r < warmup + runs; r++) {
      const keep = r >= warmup;
      for (let i = 0; i < W.expressions.length; i++) {
        const us = await time(evalLoop, { impl: 'bufbuild', i, n }, n);
        if (keep) out.evaluate.push(us);
      }
      const req = await time(requestLoop, { impl: 'bufbuild', n: Math.max(2, n / 20) }, Math.max(2, n / 20));
      const comp = await time(compileLoop, { impl: 'bufbuild', k0: k, count: compiles }, compiles * W.expressions.length);
      k += compiles;
      if (keep) { out.request.push(req); out.compile.push(comp); }
    }
    console.log(JSON.stringify(out));
  })();
} else {
  const bridge = require('hostrt:bridge');
  bridge.handle('celbench.compile', compileLoop);
  bridge.handle('celbench.eval', evalLoop);
  bridge.handle('celbench.request', requestLoop);
  bridge.handle('celbench.answers', answers);
}
