'use strict';
// Reference answers for js_fixtures/modules/cel-policy: the same rules.json evaluated by
// @bufbuild/cel (CEL in JavaScript) in real Node, with ValidatingAdmissionPolicy's rules: in
// order, the first false rule denies with messageExpression (a non-empty string), else message,
// else "failed expression: <expression>"; an erroring rule denies. Prints one JSON line:
// {file: {allowed, message} | {allowed: true, unbound: true}}.
const fs = require('fs');
const path = require('path');
const cel = require('@bufbuild/cel');
const { strings } = require('@bufbuild/cel/ext');

const [rulesFile, requestsDir] = process.argv.slice(2);
const rules = JSON.parse(fs.readFileSync(rulesFile, 'utf8'));
const env = cel.celEnv({ funcs: strings });
const run = (expr, act) => cel.plan(env, cel.parse(expr))(act);

const out = {};
for (const name of fs.readdirSync(requestsDir).sort()) {
  const req = JSON.parse(fs.readFileSync(path.join(requestsDir, name), 'utf8')).request;
  if (req.kind.kind !== 'Deployment' || !['CREATE', 'UPDATE'].includes(req.operation)) {
    out[name] = { allowed: true, unbound: true };
    continue;
  }
  const act = { object: req.object, oldObject: req.oldObject ?? null, request: req, params: rules.params };
  let answer = { allowed: true, message: '' };
  for (const rule of rules.validations) {
    const v = run(rule.expression, act);
    if (cel.isCelError(v) || typeof v !== 'boolean') {
      answer = { allowed: false, message: `expression '${rule.expression}' resulted in error` };
      break;
    }
    if (v) continue;
    let message = rule.message || `failed expression: ${rule.expression}`;
    if (rule.messageExpression) {
      const m = run(rule.messageExpression, act);
      if (typeof m === 'string' && m.trim() !== '') message = m;
    }
    answer = { allowed: false, message };
    break;
  }
  out[name] = answer;
}
console.log(JSON.stringify(out));
