"use strict";
// Pepr finalizer handling: a Finalize() action adds "pepr.dev/finalizer" during admission and
// removes it (JSON patch through the host's kube.patch) once the finalize callback has run.

const { Log } = require("./log");

const PEPR_FINALIZER = "pepr.dev/finalizer";

function addFinalizer(request) {
  if (request.Request.operation === "DELETE") return;
  if (request.Request.operation === "UPDATE" && request.Raw.metadata?.deletionTimestamp) return;
  const finalizers = request.Raw.metadata?.finalizers || [];
  if (!finalizers.includes(PEPR_FINALIZER)) finalizers.push(PEPR_FINALIZER);
  request.Merge({ metadata: { finalizers } });
}

async function removeFinalizer(binding, obj) {
  // required lazily: k8s.js needs kinds.js only, but keep the module graph acyclic
  // eslint-disable-next-line global-require
  const { K8s } = require("./k8s");
  // eslint-disable-next-line global-require
  const { RegisterKind } = require("./kinds");
  const meta = obj.metadata;
  const resource = `${meta.namespace || "ClusterScoped"}/${meta.name}`;
  Log.debug({ obj }, `Removing finalizer '${PEPR_FINALIZER}' from '${resource}'`);
  const { model, kind } = binding;
  try {
    RegisterKind(model, kind);
  } catch (e) {
    if (e.message !== `GVK ${model.name} already registered`) {
      Log.error({ model, kind, error: e }, `Error registering "${kind}" during finalization.`);
      return;
    }
  }
  const finalizers = meta.finalizers?.filter(f => f !== PEPR_FINALIZER) || [];
  obj = await K8s(model, meta).Patch([{ op: "replace", path: "/metadata/finalizers", value: finalizers }]);
  Log.debug({ obj }, `Removed finalizer '${PEPR_FINALIZER}' from '${resource}'`);
}

module.exports = { addFinalizer, removeFinalizer, PEPR_FINALIZER };
