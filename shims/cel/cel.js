'use strict';
// hostrt:cel — CEL programs compiled and evaluated by the host (Python, cel-expr-python).
//
//   const cel = require('hostrt:cel');
//   const program = cel.compile('object.spec.replicas <= 5');   // a Promise on mini-racer
//   program.evaluate({ object });                                // a value (or Promise)
//
// The functions are a host module (bridge.hostModule('cel')): on engines that call Python
// synchronously (stpyv8) compile/evaluate return their results; on mini-racer they return
// Promises. `await` works on both, so portable code awaits. Activations and results cross as
// JSON; a value JSON cannot carry is refused with a TypeError naming it.
const bridge = require('hostrt:bridge');
const host = bridge.hostModule('cel');

/** A CEL compile or evaluation error: CEL's own message, with its position when it has one. */
class CelError extends Error {
  constructor(message, { code, expression, line, column } = {}) {
    super(message);
    this.name = 'CelError';
    this.code = code;
    this.expression = expression;
    if (line !== undefined) { this.line = line; this.column = column; }
  }
}

const POSITION = /<input>:(\d+):(\d+):/;

function celError(err, expression) {
  if (!err || typeof err.code !== 'string' || !err.code.startsWith('ERR_CEL_')) return err;
  const pos = POSITION.exec(err.message);
  const out = new CelError(err.message, {
    code: err.code, expression,
    line: pos ? Number(pos[1]) : undefined, column: pos ? Number(pos[2]) : undefined,
  });
  Error.captureStackTrace?.(out, celError);
  return out;
}

// Either a value (sync engine) or a Promise: apply `fn` to it without forcing a Promise.
function then(result, fn, expression) {
  if (result instanceof Promise || (result && typeof result.then === 'function')) {
    return result.then(fn, (err) => { throw celError(err, expression); });
  }
  return fn(result);
}

function guard(call, expression) {
  try {
    return call();
  } catch (err) {
    throw celError(err, expression);
  }
}

class Program {
  constructor(expression, id, returnType) {
    this.expression = expression;
    this.returnType = returnType;
    Object.defineProperty(this, 'id', { value: id });
  }

  /** Evaluate with `activation` ({object, oldObject, request, params, ...your variables}).
   *  `{typed: true}`: activation values and the result are cel.expr.Value JSON (exact types). */
  evaluate(activation = {}, options = {}) {
    return then(guard(() => host.evaluate(this.id, activation, !!options.typed), this.expression),
      (v) => v, this.expression);
  }
}

const cache = new Map(); // compile options + expression -> Program (or its Promise)

/** Compile (parse and type-check) `expression`. `options.variables`: names, or {name: 'type'}
 *  with CEL type names ('int', 'string', 'list(string)', 'dyn', ...); object, oldObject,
 *  request, params and namespaceObject are always declared (dyn), as in Kubernetes. */
function compile(expression, options = {}) {
  if (typeof expression !== 'string') {
    throw new TypeError(`hostrt:cel: the expression must be a string, got ${typeof expression}`);
  }
  const variables = options.variables ?? null;
  const container = options.container ?? '';
  const check = options.check !== false;
  const key = JSON.stringify([expression, variables, container, check]);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const result = then(guard(() => host.compile(expression, variables, container, check), expression),
    (answer) => {
      const program = new Program(expression, answer.id, answer.returnType);
      cache.set(key, program);
      return program;
    }, expression);
  if (result instanceof Promise) {
    cache.set(key, result);
    result.catch(() => cache.delete(key));
  }
  return result;
}

/** Compile (cached) and evaluate in one call. */
function evaluate(expression, activation, options = {}) {
  return then(compile(expression, options), (p) => p.evaluate(activation, options), expression);
}

/** Evaluate several programs with one activation in one crossing; each entry is
 *  {value} or {error: CelError}. */
function evaluateAll(programs, activation = {}) {
  const ids = programs.map((p) => p.id);
  return then(guard(() => host.evaluateAll(ids, activation)), (answers) => answers.map(
    ([ok, value], i) => ok ? { value } : {
      error: celError(Object.assign(new Error(value.message), { code: value.code }),
        programs[i].expression),
    }));
}

module.exports = { compile, evaluate, evaluateAll, CelError, Program, sync: bridge.canCallSync };
