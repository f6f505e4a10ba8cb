"use strict";
// Pepr's `sdk` helpers.

function containers(request, containerType) {
  const main = request.Raw.spec?.containers || [];
  const init = request.Raw.spec?.initContainers || [];
  const ephemeral = request.Raw.spec?.ephemeralContainers || [];
  if (containerType === "containers") return main;
  if (containerType === "initContainers") return init;
  if (containerType === "ephemeralContainers") return ephemeral;
  return [...main, ...init, ...ephemeral];
}

async function writeEvent(cr, event, options) {
  // eslint-disable-next-line global-require
  const { K8s } = require("./k8s");
  // eslint-disable-next-line global-require
  const { kind } = require("./kinds");
  const { eventType, eventReason, reportingComponent, reportingInstance } = options;
  await K8s(kind.CoreEvent).Create({
    type: eventType,
    reason: eventReason,
    ...event,
    metadata: { namespace: cr.metadata.namespace, generateName: cr.metadata.name },
    involvedObject: {
      apiVersion: cr.apiVersion,
      kind: cr.kind,
      name: cr.metadata.name,
      namespace: cr.metadata.namespace,
      uid: cr.metadata.uid,
    },
    firstTimestamp: new Date(),
    reportingComponent,
    reportingInstance,
  });
}

function getOwnerRefFrom(customResource, blockOwnerDeletion, controller) {
  const { apiVersion, kind, metadata } = customResource;
  const { name, uid } = metadata;
  return [
    {
      apiVersion,
      kind,
      uid,
      name,
      ...(blockOwnerDeletion !== undefined && { blockOwnerDeletion }),
      ...(controller !== undefined && { controller }),
    },
  ];
}

function sanitizeResourceName(name) {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .slice(0, 63)
    .replace(/^[^a-z0-9]+/, "")
    .replace(/[^a-z0-9]+$/, "");
}

module.exports = { containers, writeEvent, getOwnerRefFrom, sanitizeResourceName };
