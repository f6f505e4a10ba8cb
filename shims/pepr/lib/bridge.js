"use strict";
// Access to the host bridge, `require("hostrt:bridge")`, resolved lazily on first use.
// Under plain Node the module does not exist: then there is no bridge (handlers are not
// registered, host calls reject, posts are dropped) unless a test injects one with setBridge().
//
// Bridge API used: call(op, ...args) -> Promise, post(op, ...args), handle(name, async fn).

let bridge; // undefined = not looked up yet, null = absent

function getBridge() {
  if (bridge === undefined) {
    try {
      // eslint-disable-next-line global-require
      bridge = require("hostrt:bridge");
    } catch {
      bridge = null;
    }
  }
  return bridge;
}

/** Inject a bridge (tests); pass null to force "no bridge". Returns the previous one. */
function setBridge(b) {
  const prev = bridge;
  bridge = b;
  return prev;
}

function hasBridge() {
  return !!getBridge();
}

function call(op, ...args) {
  const b = getBridge();
  if (!b) {
    return Promise.reject(
      new Error(`pepr (hostrt): host operation '${op}' needs the hostrt bridge, which is not available here`),
    );
  }
  return b.call(op, ...args);
}

function post(op, ...args) {
  const b = getBridge();
  if (b) b.post(op, ...args);
}

function handle(name, fn) {
  const b = getBridge();
  if (b) b.handle(name, fn);
  return !!b;
}

/** Start-up data the host provided (`api.provide`), or undefined without a bridge. */
function config(key) {
  const b = getBridge();
  return b && typeof b.config === "function" ? b.config(key) : undefined;
}

module.exports = { getBridge, setBridge, hasBridge, call, post, handle, config };
