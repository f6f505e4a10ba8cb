"use strict";
// The `pepr` package as Pepr 1.1.4's entry (src/lib.ts) exports it, implemented for hostrt:
//   Capability, K8s, Log, PeprModule, PeprMutateRequest, PeprUtils, PeprValidateRequest, R,
//   RegisterKind, a, fetch, fetchStatus, kind, metricsCollector, sdk
// plus test hooks (__handleAdmission, __handleWatch, __info, __capabilities, __loadStore,
// __setBridge, __setLogWriter) that the real package does not have.

const { Capability } = require("./lib/capability");
const {
  PeprModule,
  handleAdmissionForTests,
  handleWatchForTests,
  infoForTests,
  loadStoreForTests,
  capabilitiesForTests,
} = require("./lib/module");
const { PeprMutateRequest, PeprValidateRequest } = require("./lib/requests");
const { K8s, fetch, fetchStatus } = require("./lib/k8s");
const { kind, RegisterKind } = require("./lib/kinds");
const { Log, setLogWriter } = require("./lib/log");
const { metricsCollector } = require("./lib/metrics");
const { setBridge } = require("./lib/bridge");
const R = require("./lib/ramda");
const PeprUtils = require("./lib/utils");
const sdk = require("./lib/sdk");

module.exports = {
  metricsCollector,
  Capability,
  K8s,
  Log,
  PeprModule,
  PeprMutateRequest,
  PeprUtils,
  PeprValidateRequest,
  R,
  RegisterKind,
  a: kind,
  fetch,
  fetchStatus,
  kind,
  sdk,
};

// Test hooks: drive the last PeprModule created without the host.
Object.defineProperties(module.exports, {
  __handleAdmission: { value: handleAdmissionForTests },
  __handleWatch: { value: handleWatchForTests },
  __info: { value: infoForTests },
  __capabilities: { value: capabilitiesForTests },
  __loadStore: { value: loadStoreForTests },
  __setBridge: { value: setBridge },
  __setLogWriter: { value: setLogWriter },
});
