'use strict';
// The CEL conformance suite (npm @bufbuild/cel-spec) through one CEL implementation, as JSON.
//
//   node conformance.js dump          -> the suite as proto JSON (what each test expects)
//   node conformance.js bufbuild      -> @bufbuild/cel's answers (also under `hostrt run`)
//   hostrt run conformance.js hostrt  -> hostrt:cel's answers (CEL evaluated by the host)
//
// Prints one JSON line: {runtime, results: [[id, "value", ValueJSON] | [id, "error", message]
// | [id, "skip", reason]]}. Scoring happens in Python (hostrt/compat/cel.py), one
// comparator for every implementation. Lives in hostrt's npm folder at run time so that both
// Node and hostrt resolve the packages from node_modules.
const { getConformanceSuite } = require('@bufbuild/cel-spec/testdata/tests.js');
const { getTestRegistry } = require('@bufbuild/cel-spec/testdata/registry.js');
const { SimpleTestSchema } = require('@bufbuild/cel-spec/cel/expr/conformance/test/simple_pb.js');
const { toJson } = require('@bufbuild/protobuf');

const registry = getTestRegistry();
const mode = process.argv[2];

function tests() {
  const out = [];
  const walk = (suite, path) => {
    for (const t of suite.tests || []) out.push({ id: [...path, t.original.name].join('/'), test: t.original });
    for (const s of suite.suites || []) walk(s, [...path, s.name]);
  };
  const root = getConformanceSuite();
  for (const s of root.suites) walk(s, [s.name]);
  return out;
}

function errorText(e) {
  return String((e && e.message) || e);
}

// ---- @bufbuild/cel ------------------------------------------------------------------------
function bufbuild(all) {
  const cel = require('@bufbuild/cel');
  const { strings } = require('@bufbuild/cel/ext');
  const { anyPack, anyUnpack, isMessage, create } = require('@bufbuild/protobuf');
  const { AnySchema } = require('@bufbuild/protobuf/wkt');

  const b64 = (u8) => Buffer.from(u8).toString('base64');
  function fromValue(v) {
    const k = v.kind;
    switch (k.case) {
      case 'nullValue': return null;
      case 'boolValue': case 'stringValue': case 'doubleValue': case 'int64Value': return k.value;
      case 'uint64Value': return cel.celUint(k.value);
      case 'bytesValue': return k.value;
      case 'enumValue': return BigInt(k.value.value);
      case 'objectValue': return anyUnpack(k.value, registry);
      case 'listValue': return k.value.values.map(fromValue);
      case 'mapValue': return new Map(k.value.entries.map((e) => [fromValue(e.key), fromValue(e.value)]));
      default: throw new Error(`binding of kind ${k.case} not supported by this runner`);
    }
  }
  function toValue(v) {
    if (v === null) return { nullValue: null };
    switch (typeof v) {
      case 'boolean': return { boolValue: v };
      case 'bigint': return { int64Value: String(v) };
      case 'string': return { stringValue: v };
      case 'number':
        return { doubleValue: Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : v };
      default: break;
    }
    if (v instanceof Uint8Array) return { bytesValue: b64(v) };
    if (cel.isCelUint(v)) return { uint64Value: String(v.value) };
    if (cel.isCelList(v)) return { listValue: { values: [...v].map(toValue) } };
    if (cel.isCelMap(v)) return { mapValue: { entries: [...v].map(([key, val]) => ({ key: toValue(key), value: toValue(val) })) } };
    if (cel.isCelType(v)) return { typeValue: v.name };
    // Messages (ReflectMessage or plain): as google.protobuf.Any JSON, like the expected values.
    const msg = v && v.message !== undefined && v.desc !== undefined ? v.message : v;
    if (isMessage(msg)) {
      const schema = registry.getMessage(msg.$typeName);
      if (schema === undefined) throw new Error(`result message ${msg.$typeName} not in the registry`);
      return { objectValue: toJson(AnySchema, anyPack(schema, msg), { registry }) };
    }
    throw new Error(`result of unexpected JS type ${Object.prototype.toString.call(v)}`);
  }
  return all.map(({ id, test }) => {
    if (test.checkOnly) return [id, 'skip', 'checkOnly: a type-check-only test (no value to compare)'];
    try {
      const env = cel.celEnv({ namespace: test.container || undefined, registry, funcs: strings });
      const program = cel.plan(env, cel.parse(test.expr));
      const bindings = {};
      for (const [name, ev] of Object.entries(test.bindings)) {
        if (ev.kind.case !== 'value') return [id, 'skip', `binding ${name} is not a value`];
        bindings[name] = fromValue(ev.kind.value);
      }
      const result = program(bindings);
      if (cel.isCelError(result)) return [id, 'error', errorText(result)];
      return [id, 'value', toValue(result)];
    } catch (e) {
      return [id, 'error', errorText(e)];
    }
  });
}

// ---- hostrt:cel (the host's evaluator, through the host module) -------------------------------
const PRIMITIVE = { BOOL: 'bool', INT64: 'int', UINT64: 'uint', DOUBLE: 'double', STRING: 'string', BYTES: 'bytes' };
const WELL_KNOWN = { TIMESTAMP: 'google.protobuf.Timestamp', DURATION: 'google.protobuf.Duration', ANY: 'dyn' };
function typeName(t) {
  if (t === undefined || t === null || 'dyn' in t) return 'dyn';
  if (t.primitive) return PRIMITIVE[t.primitive] || 'dyn';
  if (t.wellKnown) return WELL_KNOWN[t.wellKnown] || 'dyn';
  if (t.listType) return `list(${typeName(t.listType.elemType)})`;
  if (t.mapType) return `map(${typeName(t.mapType.keyType)}, ${typeName(t.mapType.valueType)})`;
  if (t.messageType) return t.messageType;
  if ('null' in t) return 'null_type';
  return 'dyn';  // wrappers, type params, abstract types: dynamic here
}

async function hostrt(all) {
  const cel = require('hostrt:cel');
  const results = [];
  for (const { id, test } of all) {
    if (test.checkOnly) { results.push([id, 'skip', 'checkOnly: a type-check-only test (no value to compare)']); continue; }
    const json = toJson(SimpleTestSchema, test, { registry });
    const variables = {};
    for (const decl of json.typeEnv || []) if (decl.ident) variables[decl.name] = typeName(decl.ident.type);
    const activation = {};
    let skip = null;
    for (const [name, ev] of Object.entries(json.bindings || {})) {
      if (ev.value === undefined) { skip = `binding ${name} is not a value`; break; }
      if (!(name in variables)) variables[name] = 'dyn';
      activation[name] = ev.value;
    }
    if (skip) { results.push([id, 'skip', skip]); continue; }
    try {
      const program = await cel.compile(test.expr, {
        variables, container: test.container || '', check: !test.disableCheck,
      });
      results.push([id, 'value', await program.evaluate(activation, { typed: true })]);
    } catch (e) {
      results.push([id, 'error', errorText(e)]);
    }
  }
  return results;
}

(async () => {
  const all = tests();
  if (mode === 'dump') {
    const out = all.map(({ id, test }) => ({ id, ...toJson(SimpleTestSchema, test, { registry }) }));
    process.stdout.write(JSON.stringify(out) + '\n');
    return;
  }
  const t0 = Date.now();
  let results;
  if (mode === 'bufbuild') results = bufbuild(all);
  else if (mode === 'hostrt') results = await hostrt(all);
  else throw new Error(`usage: conformance.js dump|bufbuild|hostrt (got ${mode})`);
  process.stdout.write(JSON.stringify({ runtime: mode, ms: Date.now() - t0, results }) + '\n');
})();
