// Build stub members: a function that throws ERR_HOSTRT_UNSUPPORTED naming the API and the reason.
'use strict';

function unsupported(api, reason) {
  const err = new Error(`${api} is not supported by hostrt: ${reason}`);
  err.code = 'ERR_HOSTRT_UNSUPPORTED';
  return err;
}

/** A constructible stub named like the API's last segment; `instanceof`/`extends` still work. */
function makeStub(api, reason) {
  const short = api.slice(api.lastIndexOf('.') + 1);
  const holder = { [short]: function () { throw unsupported(api, reason); } };
  return holder[short];
}

/** Node's export description (hostrt/data/node_exports.json) made into a value. */
function build(path, desc, reason) {
  switch (desc.kind) {
    case 'function':
    case 'class':
      return makeStub(path, reason);
    case 'data':
      return desc.value;
    case 'symbol':
      return Symbol(desc.description);
    case 'bigint':
      return BigInt(desc.value);
    case 'number':
      return Number(desc.value);
    case 'object': {
      const obj = {};
      for (const [k, d] of Object.entries(desc.members)) obj[k] = build(`${path}.${k}`, d, reason);
      return obj;
    }
    default:
      return undefined;
  }
}

/** Node data provided by the stubs shim, with non-JSON numbers ({$number: 'Infinity'}) revived. */
function revive(v) {
  if (v === null || typeof v !== 'object') return v;
  if (typeof v.$number === 'string') return Number(v.$number);
  for (const k of Object.keys(v)) v[k] = revive(v[k]);
  return v;
}

module.exports = { unsupported, makeStub, build, revive };
