"use strict";
// Admission processing with Pepr 1.1.4's results: the mutate and validate processors and what
// the controller's /mutate and /validate routes answer (status + body).
//
// Mutate: every capability's bindings in order; each in-scope Mutate action runs on one shared
// PeprMutateRequest; the `<uuid>.pepr.dev/<capability>` annotation records started /
// succeeded / warning (not on DELETE); Secret `data` is base64-decoded before the actions
// (non-ASCII values stay encoded) and encoded again after; the patch is the JSON Patch from the
// request object to the result, base64 in `response.patch` with patchType "JSONPatch".
// onError: "reject" stops at the first failure (allowed: false), "audit" adds an audit
// annotation, "ignore" only warns.
// Validate: every in-scope Validate action runs on one shared PeprValidateRequest; results
// are combined into one response (allowed when none denied, code 200/422, messages of the
// denials joined by "; ", warnings concatenated).

const { Log } = require("./log");
const { compare } = require("./jsonpatch");
const { PeprMutateRequest, PeprValidateRequest } = require("./requests");
const { shouldSkipRequest, getIgnoreNamespaces } = require("./filter");
const { base64Encode, convertFromBase64Map, convertToBase64Map } = require("./utils");
const R = require("./ramda");
const { metricsCollector } = require("./metrics");
const { isWatchMode } = require("./capability");

const clock = () =>
  typeof performance !== "undefined" && performance && typeof performance.now === "function"
    ? performance.now()
    : Date.now();

/** Pepr's MeasureWebhookTimeout: a `<type>_timeouts` counter, bumped when the processor took
 * longer than `webhookTimeout` (Pepr compares milliseconds with that number as is). */
function webhookTimer(type, config) {
  metricsCollector.addCounter(`${type}_timeouts`, `Number of ${type} webhook timeouts`);
  const timeout = config.webhookTimeout ?? 10;
  const start = clock();
  Log.debug(`Starting timer at ${start}`);
  return {
    stop: () => {
      const elapsed = clock() - start;
      Log.debug(`Webhook ${start} took ${elapsed}ms`);
      if (elapsed > timeout) metricsCollector.incCounter(`${type}_timeouts`);
    },
  };
}

const isSecret = req => req.kind.version === "v1" && req.kind.kind === "Secret";

function updateStatus(config, name, wrapped, status) {
  if (wrapped.Request.operation === "DELETE") return wrapped;
  wrapped.SetAnnotation(`${config.uuid}.pepr.dev/${name}`, status);
  return wrapped;
}

function mutateErrorMessage(e) {
  try {
    if (e.message && e.message !== "[object Object]") return e.message;
    throw new Error("An error occurred in the mutate action.");
  } catch {
    return "An error occurred with the mutate action.";
  }
}

async function runMutateAction(bindable, wrapped, response) {
  const { binding, actMeta, name, config } = bindable;
  const label = binding.mutateCallback.name;
  Log.info(actMeta, `Processing mutation action (${label})`);
  wrapped = updateStatus(config, name, wrapped, "started");
  try {
    await binding.mutateCallback(wrapped);
    Log.info(actMeta, `Mutation action succeeded (${label})`);
    wrapped = updateStatus(config, name, wrapped, "succeeded");
  } catch (e) {
    wrapped = updateStatus(config, name, wrapped, "warning");
    response.warnings = response.warnings || [];
    const errorMessage = mutateErrorMessage(e);
    Log.error(actMeta, `Action failed: ${errorMessage}`);
    response.warnings.push(`Action failed: ${errorMessage}`);
    switch (config.onError) {
      case "reject":
        response.result = "Pepr module configured to reject on error";
        break;
      case "audit":
        response.auditAnnotations = response.auditAnnotations || {};
        response.auditAnnotations[Date.now()] = `Action failed: ${errorMessage}`;
        break;
      default:
        break;
    }
  }
  return { wrapped, response };
}

async function mutateProcessor(config, capabilities, req, reqMetadata) {
  const timer = webhookTimer("mutate", config);
  let response = { uid: req.uid, warnings: [], allowed: false };

  let wrapped = new PeprMutateRequest(req);
  let skipped = [];
  if (isSecret(wrapped.Request)) skipped = convertFromBase64Map(wrapped.Raw);

  Log.info(reqMetadata, `Processing request`);
  const ignored = getIgnoreNamespaces(config);
  const bindables = [];
  for (const capa of capabilities) {
    const namespaces = capa.namespaces;
    for (const binding of capa.bindings) {
      if (!binding.mutateCallback) continue;
      const skip = shouldSkipRequest(binding, req, namespaces, ignored);
      if (skip !== "") {
        Log.debug(skip);
        continue;
      }
      bindables.push({
        req,
        config,
        name: capa.name,
        namespaces,
        binding,
        actMeta: { ...reqMetadata, name: capa.name },
      });
    }
  }

  for (const bindable of bindables) {
    ({ wrapped, response } = await runMutateAction(bindable, wrapped, response));
    if (config.onError === "reject" && response?.warnings.length > 0) {
      timer.stop();
      return response;
    }
  }

  if (bindables.length === 0) {
    Log.info(reqMetadata, `No matching actions found`);
    timer.stop();
    return { ...response, allowed: true };
  }

  if (req.operation === "DELETE") {
    timer.stop();
    return { ...response, allowed: true };
  }

  const transformed = R.clone(wrapped.Raw);
  if (isSecret(wrapped.Request)) convertToBase64Map(transformed, skipped);

  const patches = compare(req.object, transformed);
  if (patches.length > 0) {
    response.patchType = "JSONPatch";
    response.patch = base64Encode(JSON.stringify(patches));
  }
  if (response.warnings && response.warnings.length < 1) delete response.warnings;
  Log.debug({ ...reqMetadata, patches }, `Patches generated`);
  timer.stop();
  return { ...response, allowed: true };
}

async function runValidateAction(binding, actionMetadata, request) {
  const label = binding.validateCallback.name;
  Log.info(actionMetadata, `Processing validation action (${label})`);
  const valResp = { uid: request.Request.uid, allowed: true };
  try {
    const callbackResp = await binding.validateCallback(request);
    valResp.allowed = callbackResp.allowed;
    if (callbackResp.statusCode || callbackResp.statusMessage) {
      const r = request.Request;
      valResp.status = {
        code: callbackResp.statusCode || 400,
        message:
          callbackResp.statusMessage ||
          `Validation failed for ${r.kind.kind.toLowerCase()}/${r.name}${r.namespace ? ` in ${r.namespace} namespace.` : ""}`,
      };
    }
    if (callbackResp.warnings && callbackResp.warnings.length > 0) valResp.warnings = callbackResp.warnings;
    Log.info(
      actionMetadata,
      `Validation action complete (${label}): ${callbackResp.allowed ? "allowed" : "denied"}`,
    );
    return valResp;
  } catch (e) {
    Log.error(actionMetadata, `Action failed: ${JSON.stringify(e)}`);
    valResp.allowed = false;
    valResp.status = { code: 500, message: `Action failed with error: ${JSON.stringify(e)}` };
    return valResp;
  }
}

async function validateProcessor(config, capabilities, req, reqMetadata) {
  const timer = webhookTimer("validate", config);
  const wrapped = new PeprValidateRequest(req);
  const response = [];
  if (isSecret(req)) convertFromBase64Map(wrapped.Raw);
  Log.info(reqMetadata, `Processing validation request`);
  const ignored = getIgnoreNamespaces(config);
  for (const { name, bindings, namespaces } of capabilities) {
    const actionMetadata = { ...reqMetadata, name };
    for (const binding of bindings) {
      if (!binding.validateCallback) continue;
      const skip = shouldSkipRequest(binding, req, namespaces, ignored);
      if (skip !== "") {
        Log.debug(skip);
        continue;
      }
      response.push(await runValidateAction(binding, actionMetadata, wrapped));
    }
  }
  timer.stop();
  return response;
}

const review = response => ({ apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", response });

function karForMutate(mr) {
  return review(mr);
}

function karForValidate(ar, vr) {
  const isAllowed = vr.filter(r => !r.allowed).length === 0;
  const warnings = [];
  for (const r of vr) if (r.warnings && r.warnings.length > 0) warnings.push(...r.warnings);
  if (vr.length === 0) {
    return review({
      uid: ar.uid,
      allowed: true,
      status: { code: 200, message: "no in-scope validations -- allowed!" },
      warnings: warnings.length > 0 ? warnings : undefined,
    });
  }
  return review({
    uid: vr[0].uid,
    allowed: isAllowed,
    status: {
      code: isAllowed ? 200 : 422,
      message: vr
        .filter(r => !r.allowed)
        .map(r => r.status?.message)
        .join("; "),
    },
    warnings: warnings.length > 0 ? warnings : undefined,
  });
}

// ---------------------------------------------------------------------------------------------
// The route: what POST /mutate/<path> or /validate/<path> answers for a request body.

const BODY_LIMIT = 2 * 1024 * 1024; // express.json({ limit: "2mb" })
const STATUS_TEXT = { 400: "Bad Request", 413: "Payload Too Large", 500: "Internal Server Error" };

function escapeHtml(s) {
  return String(s)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Express's default error logger: the stack on stderr (not through pino), unless NODE_ENV=test. */
function expressLogError(err) {
  const env = typeof process !== "undefined" && process.env ? process.env : {};
  if (env.NODE_ENV === "test") return;
  const text = `${err.stack || String(err)}\n`;
  if (typeof process !== "undefined" && process.stderr && typeof process.stderr.write === "function") {
    process.stderr.write(text);
  } else if (typeof console !== "undefined" && typeof console.error === "function") {
    console.error(text.trimEnd());
  }
}

/** The page Express's final handler sends for a body-parser error. */
function expressErrorPage(status, err, message) {
  const production =
    typeof process !== "undefined" && process.env && process.env.NODE_ENV === "production";
  let text;
  if (message !== undefined) text = message;
  else if (production) text = STATUS_TEXT[status];
  else text = err.stack || String(err);
  const body = escapeHtml(text).replace(/\n/g, "<br>").replace(/ {2}/g, " &nbsp;");
  return (
    "<!DOCTYPE html>\n" +
    '<html lang="en">\n' +
    "<head>\n" +
    '<meta charset="utf-8">\n' +
    "<title>Error</title>\n" +
    "</head>\n" +
    "<body>\n" +
    `<pre>${body}</pre>\n` +
    "</body>\n" +
    "</html>\n"
  );
}

function utf8Length(s) {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

// Newer V8s (mini-racer's 14.x) append " (line L column C)" to JSON.parse messages; Node 20,
// on which Pepr 1.1.4 was measured, does not. Answer like Node 20.
function syntaxError(rawMessage) {
  const message = String(rawMessage).replace(/ \(line \d+ column \d+\)$/, "");
  const err = new SyntaxError(message);
  err.stack = `SyntaxError: ${message}`;
  return err;
}

/** Parse a raw body like express.json() (strict): an object/array, or an {status, err} failure. */
function parseBody(raw) {
  if (utf8Length(raw) > BODY_LIMIT) {
    const err = new Error("request entity too large");
    err.name = "PayloadTooLargeError";
    err.stack = "PayloadTooLargeError: request entity too large";
    return { fail: { status: 413, err } };
  }
  if (raw.length === 0) return { body: {} };
  if (raw[0] !== "{" && raw[0] !== "[") {
    const m = /^[\x20\x09\x0a\x0d]*([^\x20\x09\x0a\x0d])/.exec(raw);
    const first = m && m[1] ? m[1] : undefined;
    if (first !== "{" && first !== "[") {
      // body-parser's "strict violation": re-parse with everything from the first
      // character on replaced by "#", then put the original text back into the message.
      const index = raw.indexOf(first);
      const partial = index !== -1 ? raw.substring(0, index) + "#".repeat(raw.length - index) : "";
      let message = "strict violation";
      try {
        JSON.parse(partial);
      } catch (e) {
        message = e.message.replace(/#+/g, ph => raw.substring(index, index + ph.length));
      }
      return { fail: { status: 400, err: syntaxError(message) } };
    }
  }
  try {
    return { body: JSON.parse(raw) };
  } catch (e) {
    return { fail: { status: 400, err: syntaxError(node20Message(e.message, raw)) } };
  }
}

// Node 20's V8 words one error differently from V8 14: a property name that follows a comma and
// is not followed by ':' is "Unexpected end of JSON input" at the end of the body, else an
// "Unexpected token" error with its context; V8 14 (and both, for an object's first property)
// say "Expected ':' after property name". Found by `hostrt fuzz admission --differential`.
function node20Message(rawMessage, raw) {
  const message = String(rawMessage).replace(/ \(line \d+ column \d+\)$/, "");
  const m = /^Expected ':' after property name in JSON at position (\d+)$/.exec(message);
  if (!m) return message;
  const pos = Number(m[1]);
  let i = pos - 1;
  while (i >= 0 && " \t\n\r".includes(raw[i])) i--;
  if (raw[i] !== '"') return message;
  for (i--; i >= 0; i--) {
    if (raw[i] !== '"') continue;
    let slashes = 0;
    for (let j = i - 1; j >= 0 && raw[j] === "\\"; j--) slashes++;
    if (slashes % 2 === 0) break;  // the name's opening quote
  }
  for (i--; i >= 0 && " \t\n\r".includes(raw[i]); i--);
  if (raw[i] !== ",") return message;
  if (pos >= raw.length) return "Unexpected end of JSON input";
  return unexpectedToken(raw, pos);
}

/** V8's "Unexpected token" message with up to 10 characters of context on each side. */
function unexpectedToken(raw, pos) {
  const CONTEXT = 10;
  const token = raw[pos];
  let shown;
  if (raw.length < 2 * CONTEXT + 1) shown = `"${raw}"`;
  else if (pos < CONTEXT) shown = `"${raw.slice(0, pos + CONTEXT)}"...`;
  else if (pos < raw.length - CONTEXT) shown = `..."${raw.slice(pos - CONTEXT, pos + CONTEXT)}"...`;
  else shown = `..."${raw.slice(pos - CONTEXT)}"`;
  return `Unexpected token '${token}', ${shown} is not valid JSON`;
}

/**
 * Answer an admission review like Pepr's /mutate or /validate route.
 * @param ctx {config, capabilities, beforeHook?, afterHook?}
 * @param kind "mutate" | "validate" (case-insensitive)
 * @param reviewIn the AdmissionReview object, or the raw request body as a string
 * @returns {status, body}: 200 + AdmissionReview object, or an error status + text body
 */
async function handleAdmission(ctx, kind, reviewIn) {
  const admissionKind = String(kind).toLowerCase() === "validate" ? "Validate" : "Mutate";
  const started = Date.now();
  const answer = await routeAdmission(ctx, admissionKind, reviewIn);
  // Pepr's request-logging middleware
  const apiPath = (typeof process !== "undefined" && process.env && process.env.PEPR_API_PATH) || "";
  Log.info({
    uid: answer.uid,
    method: "POST",
    url: `/${admissionKind.toLowerCase()}/${apiPath}`,
    status: answer.status,
    duration: `${Date.now() - started} ms`,
  });
  return { status: answer.status, body: answer.body };
}

async function routeAdmission(ctx, admissionKind, reviewIn) {
  let body = reviewIn;
  if (typeof reviewIn === "string") {
    const parsed = parseBody(reviewIn);
    if (parsed.fail) {
      expressLogError(parsed.fail.err);
      return { status: parsed.fail.status, body: expressErrorPage(parsed.fail.status, parsed.fail.err), uid: undefined };
    }
    body = parsed.body;
  }
  if (isWatchMode()) {
    // A watch-mode controller binds no admission routes: Express answers 404.
    const apiPath = (typeof process !== "undefined" && process.env && process.env.PEPR_API_PATH) || "";
    const url = `/${admissionKind.toLowerCase()}/${encodeURI(apiPath)}`;
    return { status: 404, body: expressErrorPage(404, null, `Cannot POST ${url}`), uid: body?.request?.uid };
  }
  try {
    const request = body?.request || {};
    const name = request?.name ? `/${request.name}` : "";
    const namespace = request?.namespace || "";
    const gvk = request?.kind || { group: "", version: "", kind: "" };
    const reqMetadata = { uid: request.uid, namespace, name };
    Log.info({ ...reqMetadata, gvk, operation: request.operation, admissionKind }, "Incoming request");
    Log.debug({ ...reqMetadata, request }, "Incoming request body");

    if (typeof ctx.beforeHook === "function") ctx.beforeHook(request || {});

    const response =
      admissionKind === "Mutate"
        ? await mutateProcessor(ctx.config, ctx.capabilities, request, reqMetadata)
        : await validateProcessor(ctx.config, ctx.capabilities, request, reqMetadata);

    for (const res of [response].flat()) {
      if (typeof ctx.afterHook === "function") ctx.afterHook(res);
      Log.info({ ...reqMetadata, res }, "Check response");
    }

    const kar = admissionKind === "Mutate" ? karForMutate(response) : karForValidate(request, response);
    Log.debug({ ...reqMetadata, kubeAdmissionResponse: kar.response }, "Outgoing response");
    metricsCollector.observeEnd(0, admissionKind);
    return { status: 200, body: kar, uid: body?.request?.uid };
  } catch (err) {
    Log.error(err, `Error processing ${admissionKind} request`);
    metricsCollector.error();
    return { status: 500, body: "Internal Server Error", uid: body?.request?.uid };
  }
}

/**
 * What Pepr answers on a route whose `:path` is not the API path (its #validatepath): 401 with
 * Express's text answer, after express.json() parsed the body (a body it cannot parse still
 * gets the parser's 400/413). The caller compared the path; this only builds the answer.
 */
function unauthorized(kind, reviewIn, path) {
  if (typeof reviewIn === "string") {
    const parsed = parseBody(reviewIn);
    if (parsed.fail) {
      expressLogError(parsed.fail.err);
      return { status: parsed.fail.status, body: expressErrorPage(parsed.fail.status, parsed.fail.err) };
    }
  }
  const err = `Unauthorized: invalid path '${String(path).replace(/[^\w]/g, "_")}'`;
  Log.info(err);
  metricsCollector.alert();
  return { status: 401, body: err };
}

/** express.json()'s answer to a body over its 2 MB limit (the host stops reading it). */
function tooLarge() {
  const err = new Error("request entity too large");
  err.name = "PayloadTooLargeError";
  err.stack = "PayloadTooLargeError: request entity too large";
  expressLogError(err);
  return { status: 413, body: expressErrorPage(413, err) };
}

module.exports = {
  unauthorized,
  tooLarge,
  mutateProcessor,
  validateProcessor,
  karForMutate,
  karForValidate,
  handleAdmission,
  parseBody,
};
