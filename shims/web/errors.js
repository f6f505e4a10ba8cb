// Node-style coded errors shared by the web globals (ERR_INVALID_ARG_TYPE, ERR_MISSING_ARGS, ...).
'use strict';

function describeReceived(value) {
  if (value === null || value === undefined) return ` Received ${value}`;
  // As Node: an anonymous function reads `Received function ` (nothing after it).
  if (typeof value === 'function') return ` Received function ${value.name}`;
  if (typeof value === 'object') {
    const ctor = value.constructor && value.constructor.name;
    return ctor ? ` Received an instance of ${ctor}` : ' Received [object Object]';
  }
  let shown = typeof value === 'string' ? `'${value}'` : String(value);
  if (typeof value === 'bigint') shown += 'n';
  if (shown.length > 28) shown = shown.slice(0, 25) + '...';
  return ` Received type ${typeof value} (${shown})`;
}

function coded(Ctor, code, message) {
  const err = new Ctor(message);
  err.code = code;
  // Node shows the code in the stack header: "TypeError [ERR_X]: message".
  Object.defineProperty(err, 'stack', {
    value: String(err.stack).replace(/^[^:\n]*/, (h) => `${h} [${code}]`),
    writable: true, configurable: true, enumerable: false,
  });
  // ...and in String(err): "TypeError [ERR_X]: message" (Node's errors carry their own toString).
  Object.defineProperty(err, 'toString', {
    value() { return `${this.name} [${this.code}]: ${this.message}`; },
    writable: true, configurable: true, enumerable: false,
  });
  return err;
}

function invalidArgType(name, expected, value) {
  return coded(TypeError, 'ERR_INVALID_ARG_TYPE',
    `The "${name}" argument must be ${expected}.${describeReceived(value)}`);
}

function missingArgs(name) {
  return coded(TypeError, 'ERR_MISSING_ARGS', `The "${name}" argument must be specified`);
}

module.exports = { coded, invalidArgType, missingArgs, describeReceived };
