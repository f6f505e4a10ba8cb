'use strict';
// hostrt:cel/pepr — ValidatingAdmissionPolicy-style CEL rules as a Pepr Validate callback.
//
//   const { validate } = require('hostrt:cel/pepr');
//   When(a.Deployment).IsCreatedOrUpdated().Validate(validate([
//     { expression: 'object.spec.replicas <= 5', message: 'at most 5 replicas' },
//     { expression: 'has(object.metadata.labels.team)', reason: 'Forbidden' },
//   ]));
//
// As the API server does for a ValidatingAdmissionPolicy: the variables are object, oldObject
// (null on CREATE), request (the AdmissionRequest) and params (options.params, else null); rules
// run in order and the first that is false denies with its message (messageExpression when it
// evaluates to a non-empty string, else message, else "failed expression: <expression>") and
// the HTTP code of its reason (Invalid 422 by default, Forbidden 403, Unauthorized 401,
// RequestEntityTooLarge 413). A rule that errors or is not a bool denies under
// failurePolicy "Fail" (the default) and is skipped under "Ignore".
const cel = require('hostrt:cel');

const REASON_CODES = { Invalid: 422, Forbidden: 403, Unauthorized: 401, RequestEntityTooLarge: 413 };

function validate(rules, options = {}) {
  if (!Array.isArray(rules) || rules.length === 0) {
    throw new TypeError('hostrt:cel/pepr: validate(rules) needs a non-empty array of {expression}');
  }
  for (const [i, r] of rules.entries()) {
    if (!r || typeof r.expression !== 'string') {
      throw new TypeError(`hostrt:cel/pepr: rules[${i}].expression must be a string`);
    }
    if (r.reason !== undefined && !(r.reason in REASON_CODES)) {
      throw new TypeError(`hostrt:cel/pepr: rules[${i}].reason must be one of ` +
        Object.keys(REASON_CODES).join(', '));
    }
  }
  const failurePolicy = options.failurePolicy ?? 'Fail';
  let compiled; // [programs, messagePrograms], compiled on first use (errors then deny)

  return async function celValidate(req) {
    if (compiled === undefined) {
      compiled = Promise.all([
        Promise.all(rules.map((r) => cel.compile(r.expression, options))),
        Promise.all(rules.map((r) => r.messageExpression ? cel.compile(r.messageExpression, options) : null)),
      ]);
    }
    const [programs, messages] = await compiled;
    const activation = {
      object: req.Raw ?? null,
      oldObject: req.OldResource ?? null,
      request: req.Request ?? null,
      params: options.params ?? null,
    };
    const results = await cel.evaluateAll(programs, activation);
    for (const [i, result] of results.entries()) {
      const rule = rules[i];
      if (result.error !== undefined || typeof result.value !== 'boolean') {
        if (failurePolicy === 'Ignore') continue;
        const why = result.error !== undefined ? result.error.message : `returned ${typeof result.value}, not bool`;
        return req.Deny(`expression '${rule.expression}' resulted in error: ${why}`, 500);
      }
      if (result.value) continue;
      let message = rule.message || `failed expression: ${rule.expression}`;
      if (messages[i] !== null) {
        try {
          const m = await messages[i].evaluate(activation);
          if (typeof m === 'string' && m.trim() !== '') message = m;
        } catch (err) { /* Kubernetes falls back to message */ }
      }
      return req.Deny(message, REASON_CODES[rule.reason ?? 'Invalid']);
    }
    return req.Approve();
  };
}

module.exports = { validate, REASON_CODES };
