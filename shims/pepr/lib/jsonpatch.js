"use strict";
// JSON Patch generation with the exact operation order of fast-json-patch 3.1.1 `compare`:
// an object's existing keys are visited from last to first (replace / remove / recurse), then,
// only when something was removed or the key counts differ, new keys are added first to last.
// Values in the patch are deep copies made through JSON, and an `undefined` array item becomes null.

const hasOwn = (obj, key) => Object.prototype.hasOwnProperty.call(obj, key);

function keysOf(obj) {
  if (Array.isArray(obj)) {
    const keys = new Array(obj.length);
    for (let i = 0; i < obj.length; i++) keys[i] = String(i);
    return keys;
  }
  return Object.keys(obj);
}

function escapeSegment(seg) {
  if (seg.indexOf("/") === -1 && seg.indexOf("~") === -1) return seg;
  return seg.replace(/~/g, "~0").replace(/\//g, "~1");
}

function copyValue(value) {
  if (typeof value === "object") return JSON.parse(JSON.stringify(value));
  if (typeof value === "undefined") return null;
  return value;
}

function diffInto(before, after, ops, base) {
  if (after === before) return;
  if (typeof after.toJSON === "function") after = after.toJSON();
  const afterKeys = keysOf(after);
  const beforeKeys = keysOf(before);
  const afterIsArray = Array.isArray(after);
  let removed = false;

  for (let idx = beforeKeys.length - 1; idx >= 0; idx--) {
    const key = beforeKeys[idx];
    const prev = before[key];
    const here = base + "/" + escapeSegment(key);
    const keeps =
      hasOwn(after, key) && !(after[key] === undefined && prev !== undefined && !afterIsArray);
    if (keeps) {
      const next = after[key];
      const bothContainers =
        typeof prev === "object" &&
        prev !== null &&
        typeof next === "object" &&
        next !== null &&
        Array.isArray(prev) === Array.isArray(next);
      if (bothContainers) {
        diffInto(prev, next, ops, here);
      } else if (prev !== next) {
        ops.push({ op: "replace", path: here, value: copyValue(next) });
      }
    } else if (Array.isArray(before) === afterIsArray) {
      ops.push({ op: "remove", path: here });
      removed = true;
    } else {
      ops.push({ op: "replace", path: base, value: after });
    }
  }

  if (!removed && afterKeys.length === beforeKeys.length) return;

  for (let idx = 0; idx < afterKeys.length; idx++) {
    const key = afterKeys[idx];
    if (!hasOwn(before, key) && after[key] !== undefined) {
      ops.push({ op: "add", path: base + "/" + escapeSegment(key), value: copyValue(after[key]) });
    }
  }
}

/** Patch operations that turn `before` into `after`. */
function compare(before, after) {
  const ops = [];
  diffInto(before, after, ops, "");
  return ops;
}

module.exports = { compare };
