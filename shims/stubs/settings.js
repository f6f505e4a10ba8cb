// Members of declared-stub modules that only read or set configuration: they need no socket,
// process or thread, so they keep their state and answer as Node does (validation included).
// Everything else in those modules stays a stub that throws ERR_HOSTRT_UNSUPPORTED.
'use strict';
const { codeError, invalidArgType, validateBoolean, outOfRange } = require('hostrt:errors');

function validateInt32(value, name, min = -2147483648, max = 2147483647) {
  if (typeof value !== 'number') throw invalidArgType(name, 'of type number', value);
  if (!Number.isInteger(value)) throw outOfRange(name, 'an integer', value);
  if (value < min || value > max) throw outOfRange(name, `>= ${min} && <= ${max}`, value);
}

// net: happy-eyeballs defaults (Node 20: on, 250 ms; values under 10 ms become 10).
let autoSelectFamily = true;
let autoSelectFamilyAttemptTimeout = 250;
const net = {
  getDefaultAutoSelectFamily() { return autoSelectFamily; },
  setDefaultAutoSelectFamily(value) {
    validateBoolean(value, 'value');
    autoSelectFamily = value;
  },
  getDefaultAutoSelectFamilyAttemptTimeout() { return autoSelectFamilyAttemptTimeout; },
  setDefaultAutoSelectFamilyAttemptTimeout(value) {
    validateInt32(value, 'value', 1);
    autoSelectFamilyAttemptTimeout = value < 10 ? 10 : value;
  },
};

// dns: the order lookup() returns addresses in (Node 20: 'verbatim').
let resultOrder = 'verbatim';
function setDefaultResultOrder(value) {
  if (value !== 'ipv4first' && value !== 'verbatim') {
    throw codeError(TypeError, 'ERR_INVALID_ARG_VALUE',
      `The argument 'dnsOrder' must be one of: 'verbatim', 'ipv4first'. Received ${
        typeof value === 'string' ? `'${value}'` : String(value)}`);
  }
  resultOrder = value;
}
const dns = { getDefaultResultOrder() { return resultOrder; }, setDefaultResultOrder };

module.exports = { net, dns, 'dns/promises': dns };
