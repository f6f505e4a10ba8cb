"use strict";
// Binding filters: decide whether an admission request (or a watched object) is out of scope
// for a binding. Each check returns a reason string or null; the first reason wins, and the
// reasons and their order are Pepr's, so debug logs read the same.

const { Log } = require("./log");

const dflt = (v, d) => (v == null || Number.isNaN(v) ? d : v);
const isEmptyArray = v => Array.isArray(v) && v.length === 0;
const isEmptyPlainObject = v =>
  Object.prototype.toString.call(v) === "[object Object]" && Object.keys(v).length === 0;
const json = v => JSON.stringify(v);

// --- what the binding defines ---
const definedName = b => dflt(b.filters.name, "");
const definedNameRegex = b => dflt(b.filters?.regexName, "");
const definedNamespaces = b => dflt(b?.filters?.namespaces, []);
const definedNamespaceRegexes = b => dflt(b?.filters?.regexNamespaces, []);
const definedAnnotations = b => dflt(b?.filters?.annotations, {});
const definedLabels = b => dflt(b?.filters?.labels, {});
const definedGroup = b => dflt(b?.kind?.group, "");
const definedVersion = b => dflt(b?.kind?.version, "");
const definedKind = b => dflt(b?.kind?.kind, "");
const definesDeletionTimestamp = b => dflt(b?.filters?.deletionTimestamp ?? false, false);

// --- what the request declares / the object carries ---
const declaredOperation = r => dflt(r?.operation, "");
const declaredGroup = r => dflt(r?.kind?.group, "");
const declaredVersion = r => dflt(r?.kind?.version, "");
const declaredKind = r => dflt(r?.kind?.kind, "");
const carriedName = o => dflt(o?.metadata?.name, "");
const carriedNamespace = o => dflt(o?.metadata?.namespace, "");
const carriesNamespace = o => carriedNamespace(o) !== "";
const carriedAnnotations = o => dflt(o?.metadata?.annotations, {});
const carriedLabels = o => dflt(o?.metadata?.labels, {});
const missingDeletionTimestamp = o => !dflt(!!o.metadata?.deletionTimestamp, false);

function metasMismatch(defined, carried) {
  for (const [key, value] of Object.entries(defined)) {
    if (!Object.hasOwn(carried, key)) return true;
    if (!value) continue;
    if (!carried[key]) return true;
    if (carried[key] !== defined[key]) return true;
  }
  return false;
}

function operationMatchesEvent(operation, event) {
  if (event === "*") return true;
  if (operation.valueOf() === event.valueOf()) return true;
  return operation ? event.includes(operation) : false;
}

const nsOfObject = o => (o.kind && o.kind === "Namespace" ? o.metadata?.name : carriedNamespace(o));

// --- the individual checks (reason or null) ---
const checks = {
  misboundDeleteWithDeletionTimestamp: b =>
    b.event === "DELETE" && definesDeletionTimestamp(b)
      ? "Cannot use deletionTimestamp filter on a DELETE operation."
      : null,
  misboundNamespace: b =>
    definedKind(b) !== "" && definedKind(b) === "Namespace" && !isEmptyArray(definedNamespaces(b))
      ? "Cannot use namespace filter on a namespace object."
      : null,
  mismatchedDeletionTimestamp: (b, o) =>
    definesDeletionTimestamp(b) && missingDeletionTimestamp(o)
      ? "Binding defines deletionTimestamp but Object does not carry it."
      : null,
  mismatchedEvent: (b, r) =>
    !operationMatchesEvent(declaredOperation(r), b.event)
      ? `Binding defines event '${b.event}' but Request declares '${declaredOperation(r)}'.`
      : null,
  mismatchedName: (b, o) =>
    definedName(b) !== "" && definedName(b) !== carriedName(o)
      ? `Binding defines name '${definedName(b)}' but Object carries '${carriedName(o)}'.`
      : null,
  mismatchedGroup: (b, r) =>
    definedGroup(b) !== "" && definedGroup(b) !== declaredGroup(r)
      ? `Binding defines group '${definedGroup(b)}' but Request declares '${declaredGroup(r)}'.`
      : null,
  mismatchedVersion: (b, r) =>
    definedVersion(b) !== "" && definedVersion(b) !== declaredVersion(r)
      ? `Binding defines version '${definedVersion(b)}' but Request declares '${declaredVersion(r)}'.`
      : null,
  mismatchedKind: (b, r) =>
    definedKind(b) !== "" && definedKind(b) !== declaredKind(r)
      ? `Binding defines kind '${definedKind(b)}' but Request declares '${declaredKind(r)}'.`
      : null,
  unbindableNamespaces: (capNs, b) => {
    if (!(capNs.length > 0) || isEmptyArray(definedNamespaces(b))) return null;
    const outside = definedNamespaces(b).filter(ns => !capNs.includes(ns));
    return outside.length !== 0
      ? `Binding defines namespaces ${json(definedNamespaces(b))} but namespaces allowed by Capability are '${json(capNs)}'.`
      : null;
  },
  uncarryableNamespace: (capNs, o) => {
    if (!(capNs.length > 0)) return null;
    let inside;
    if (o?.kind === "Namespace") inside = capNs.includes(o?.metadata?.name);
    else if (carriesNamespace(o)) inside = capNs.includes(carriedNamespace(o));
    else inside = true;
    return !inside
      ? `Object carries namespace '${nsOfObject(o)}' but namespaces allowed by Capability are '${json(capNs)}'.`
      : null;
  },
  mismatchedNamespace: (b, o) =>
    !isEmptyArray(definedNamespaces(b)) && !definedNamespaces(b).includes(carriedNamespace(o))
      ? `Binding defines namespaces '${json(definedNamespaces(b))}' but Object carries '${carriedNamespace(o)}'.`
      : null,
  mismatchedLabels: (b, o) =>
    !isEmptyPlainObject(definedLabels(b)) && metasMismatch(definedLabels(b), carriedLabels(o))
      ? `Binding defines labels '${json(definedLabels(b))}' but Object carries '${json(carriedLabels(o))}'.`
      : null,
  mismatchedAnnotations: (b, o) =>
    !isEmptyPlainObject(definedAnnotations(b)) &&
    metasMismatch(definedAnnotations(b), carriedAnnotations(o))
      ? `Binding defines annotations '${json(definedAnnotations(b))}' but Object carries '${json(carriedAnnotations(o))}'.`
      : null,
  mismatchedNamespaceRegex: (b, o) => {
    if (isEmptyArray(definedNamespaceRegexes(b))) return null;
    const namespace = carriedNamespace(o);
    let compiled;
    let mismatch;
    try {
      compiled = definedNamespaceRegexes(b).map(src => new RegExp(src));
      mismatch = !compiled.some(re => re.test(namespace));
    } catch (e) {
      Log.warn(`Invalid regexNamespaces pattern in binding: ${e}`);
      mismatch = true;
    }
    return mismatch
      ? `Binding defines namespace regexes '${json(definedNamespaceRegexes(b))}' but Object carries '${carriedNamespace(o)}'.`
      : null;
  },
  mismatchedNameRegex: (b, o) => {
    if (definedNameRegex(b) === "") return null;
    let mismatch;
    try {
      mismatch = !new RegExp(definedNameRegex(b)).test(carriedName(o));
    } catch (e) {
      Log.warn(`Invalid regexName pattern "${definedNameRegex(b)}": ${e}`);
      mismatch = true;
    }
    return mismatch
      ? `Binding defines name regex '${definedNameRegex(b)}' but Object carries '${carriedName(o)}'.`
      : null;
  },
  carriesIgnoredNamespace: (ignored, o) => {
    if (!(ignored != null && ignored.length > 0)) return null;
    let hit;
    if (o?.kind === "Namespace") hit = ignored.includes(o?.metadata?.name);
    else if (carriesNamespace(o)) hit = ignored.includes(carriedNamespace(o));
    else hit = false;
    return hit
      ? `Object carries namespace '${nsOfObject(o)}' but ignored namespaces include '${json(ignored)}'.`
      : null;
  },
  missingCarriableNamespace: (capNs, o) => {
    if (!(capNs.length > 0)) return null;
    const missing = o.kind === "Namespace" ? !capNs.includes(o.metadata.name) : !carriesNamespace(o);
    return missing
      ? `Object does not carry a namespace but namespaces allowed by Capability are '${json(capNs)}'.`
      : null;
  },
};

/** Reason an admission request is out of scope for the binding, or "" when in scope. */
function shouldSkipRequest(binding, req, capabilityNamespaces, ignoredNamespaces) {
  const obj = req.operation === "DELETE" ? req.oldObject : req.object;
  const c = checks;
  // the checks in Pepr's order; the first reason wins (written out: this runs per binding)
  const reason =
    c.misboundDeleteWithDeletionTimestamp(binding) ||
    c.mismatchedDeletionTimestamp(binding, obj) ||
    c.mismatchedEvent(binding, req) ||
    c.mismatchedName(binding, obj) ||
    c.mismatchedGroup(binding, req) ||
    c.mismatchedVersion(binding, req) ||
    c.mismatchedKind(binding, req) ||
    c.unbindableNamespaces(capabilityNamespaces, binding) ||
    c.uncarryableNamespace(capabilityNamespaces, obj) ||
    c.mismatchedNamespace(binding, obj) ||
    c.mismatchedLabels(binding, obj) ||
    c.mismatchedAnnotations(binding, obj) ||
    c.mismatchedNamespaceRegex(binding, obj) ||
    c.mismatchedNameRegex(binding, obj) ||
    c.carriesIgnoredNamespace(ignoredNamespaces, obj) ||
    c.missingCarriableNamespace(capabilityNamespaces, obj);
  return reason ? `Ignoring Admission Callback: ${reason}` : "";
}

/** Reason a watched object is out of scope for the binding, or "" when in scope. */
function filterNoMatchReason(binding, obj, capabilityNamespaces, ignoredNamespaces) {
  const c = checks;
  const reason =
    c.mismatchedDeletionTimestamp(binding, obj) ||
    c.mismatchedName(binding, obj) ||
    c.misboundNamespace(binding) ||
    c.mismatchedLabels(binding, obj) ||
    c.mismatchedAnnotations(binding, obj) ||
    c.uncarryableNamespace(capabilityNamespaces, obj) ||
    c.unbindableNamespaces(capabilityNamespaces, binding) ||
    c.mismatchedNamespace(binding, obj) ||
    c.mismatchedNamespaceRegex(binding, obj) ||
    c.mismatchedNameRegex(binding, obj) ||
    c.carriesIgnoredNamespace(ignoredNamespaces, obj) ||
    c.missingCarriableNamespace(capabilityNamespaces, obj);
  return reason ? `Ignoring Watch Callback: ${reason}` : "";
}

/** Namespaces ignored by the module config plus PEPR_ADDITIONAL_IGNORED_NAMESPACES. */
function resolveIgnoreNamespaces(fromConfig = []) {
  const extra = typeof process !== "undefined" && process.env ? process.env.PEPR_ADDITIONAL_IGNORED_NAMESPACES : undefined;
  if (!extra) return fromConfig;
  const namespaces = extra.split(",").map(ns => ns.trim());
  if (fromConfig) namespaces.push(...fromConfig);
  return namespaces.filter(ns => ns.length > 0);
}

function getIgnoreNamespaces(config) {
  const fromConfig = config?.alwaysIgnore?.namespaces?.length
    ? config.alwaysIgnore.namespaces
    : config?.admission?.alwaysIgnore?.namespaces;
  return resolveIgnoreNamespaces(fromConfig);
}

module.exports = {
  shouldSkipRequest,
  filterNoMatchReason,
  getIgnoreNamespaces,
  resolveIgnoreNamespaces,
  metasMismatch,
};
