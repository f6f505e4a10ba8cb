"use strict";
// Built-in Kubernetes kinds as kubernetes-fluent-client 3.11 exposes them.
//
// `When(a.ConfigMap)` and `K8s(kind.Pod)` find a kind by the *class name* of the model
// (`a.ConfigMap.name === "V1ConfigMap"`), so the model classes below carry the names of the
// @kubernetes/client-node classes, and the GVK table is keyed by those names. RegisterKind adds
// entries keyed by the name of the user's class.
//
// Table columns: class name, exported alias (in `kind` / `a`, or "" when not exported), group,
// version, kind, plural override ("" = lowercased kind + "s"), namespaced.

const TABLE = [
  ["EventsV1Event", "Event", "events.k8s.io", "v1", "Event", "", true],
  ["CoreV1Event", "CoreEvent", "", "v1", "Event", "", true],
  ["V1ClusterRole", "ClusterRole", "rbac.authorization.k8s.io", "v1", "ClusterRole", "", false],
  ["V1ClusterRoleBinding", "ClusterRoleBinding", "rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "", false],
  ["V1Role", "Role", "rbac.authorization.k8s.io", "v1", "Role", "", true],
  ["V1RoleBinding", "RoleBinding", "rbac.authorization.k8s.io", "v1", "RoleBinding", "", true],
  ["V1ConfigMap", "ConfigMap", "", "v1", "ConfigMap", "", true],
  ["V1Endpoints", "Endpoints", "", "v1", "Endpoints", "endpoints", true],
  ["V1LimitRange", "LimitRange", "", "v1", "LimitRange", "", true],
  ["V1Namespace", "Namespace", "", "v1", "Namespace", "", false],
  ["V1Node", "Node", "", "v1", "Node", "", false],
  ["V1PersistentVolumeClaim", "PersistentVolumeClaim", "", "v1", "PersistentVolumeClaim", "", true],
  ["V1PersistentVolume", "PersistentVolume", "", "v1", "PersistentVolume", "", false],
  ["V1Pod", "Pod", "", "v1", "Pod", "", true],
  ["V1PodTemplate", "PodTemplate", "", "v1", "PodTemplate", "", true],
  ["V1ReplicationController", "ReplicationController", "", "v1", "ReplicationController", "", true],
  ["V1ResourceQuota", "ResourceQuota", "", "v1", "ResourceQuota", "", true],
  ["V1Secret", "Secret", "", "v1", "Secret", "", true],
  ["V1ServiceAccount", "ServiceAccount", "", "v1", "ServiceAccount", "", true],
  ["V1Service", "Service", "", "v1", "Service", "", true],
  ["V1MutatingWebhookConfiguration", "MutatingWebhookConfiguration", "admissionregistration.k8s.io", "v1", "MutatingWebhookConfiguration", "", false],
  ["V1ValidatingWebhookConfiguration", "ValidatingWebhookConfiguration", "admissionregistration.k8s.io", "v1", "ValidatingWebhookConfiguration", "", false],
  ["V1CustomResourceDefinition", "CustomResourceDefinition", "apiextensions.k8s.io", "v1", "CustomResourceDefinition", "", false],
  ["V1APIService", "APIService", "apiregistration.k8s.io", "v1", "APIService", "", false],
  ["V1ControllerRevision", "ControllerRevision", "apps", "v1", "ControllerRevision", "", true],
  ["V1DaemonSet", "DaemonSet", "apps", "v1", "DaemonSet", "", true],
  ["V1Deployment", "Deployment", "apps", "v1", "Deployment", "", true],
  ["V1ReplicaSet", "ReplicaSet", "apps", "v1", "ReplicaSet", "", true],
  ["V1StatefulSet", "StatefulSet", "apps", "v1", "StatefulSet", "", true],
  ["V1TokenReview", "TokenReview", "authentication.k8s.io", "v1", "TokenReview", "", false],
  ["V1LocalSubjectAccessReview", "LocalSubjectAccessReview", "authorization.k8s.io", "v1", "LocalSubjectAccessReview", "", true],
  ["V1SelfSubjectAccessReview", "SelfSubjectAccessReview", "authorization.k8s.io", "v1", "SelfSubjectAccessReview", "", false],
  ["V1SelfSubjectRulesReview", "SelfSubjectRulesReview", "authorization.k8s.io", "v1", "SelfSubjectRulesReview", "", false],
  ["V1SubjectAccessReview", "SubjectAccessReview", "authorization.k8s.io", "v1", "SubjectAccessReview", "", false],
  // kubernetes-fluent-client maps the V1 class to autoscaling/v2.
  ["V1HorizontalPodAutoscaler", "HorizontalPodAutoscaler", "autoscaling", "v2", "HorizontalPodAutoscaler", "", true],
  ["V1CronJob", "CronJob", "batch", "v1", "CronJob", "", true],
  ["V1Job", "Job", "batch", "v1", "Job", "", true],
  ["V1CertificateSigningRequest", "CertificateSigningRequest", "certificates.k8s.io", "v1", "CertificateSigningRequest", "", false],
  ["V1EndpointSlice", "EndpointSlice", "discovery.k8s.io", "v1", "EndpointSlice", "", true],
  ["V1IngressClass", "IngressClass", "networking.k8s.io", "v1", "IngressClass", "ingressclasses", false],
  ["V1Ingress", "Ingress", "networking.k8s.io", "v1", "Ingress", "ingresses", true],
  ["V1NetworkPolicy", "NetworkPolicy", "networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true],
  ["V1RuntimeClass", "RuntimeClass", "node.k8s.io", "v1", "RuntimeClass", "runtimeclasses", false],
  ["V1PodDisruptionBudget", "PodDisruptionBudget", "policy", "v1", "PodDisruptionBudget", "", true],
  ["V1VolumeAttachment", "VolumeAttachment", "storage.k8s.io", "v1", "VolumeAttachment", "", false],
  ["V1CSIDriver", "CSIDriver", "storage.k8s.io", "v1", "CSIDriver", "", false],
  ["V1CSIStorageCapacity", "", "storage.k8s.io", "v1", "CSIStorageCapacity", "csistoragecapacities", true],
  ["V1StorageClass", "StorageClass", "storage.k8s.io", "v1", "StorageClass", "storageclasses", false],
];

/** GenericKind: a Kubernetes object of any kind (base class for custom resources). */
class GenericKind {}

// name -> {group, version, kind, plural?}; the "namespaced" column is kept apart (host hints).
const gvkMap = Object.create(null);
const namespacedByName = Object.create(null);
const models = Object.create(null); // class name -> class
const kind = {}; // exported alias -> class

for (const [className, alias, group, version, kindName, plural, namespaced] of TABLE) {
  const gvk = { kind: kindName, version, group };
  if (plural) gvk.plural = plural;
  gvkMap[className] = gvk;
  namespacedByName[className] = namespaced;
  // A class whose .name is the client-node class name.
  const Model = { [className]: class {} }[className];
  models[className] = Model;
  if (alias) kind[alias] = Model;
}
kind.GenericKind = GenericKind;

function modelToGroupVersionKind(key) {
  return gvkMap[key];
}

function RegisterKind(model, groupVersionKind) {
  const name = model.name;
  if (gvkMap[name]) {
    throw new Error(`GVK ${name} already registered`);
  }
  gvkMap[name] = groupVersionKind;
}

/** Plural resource name the way kubernetes-fluent-client builds URLs. */
function pluralOf(gvk) {
  return gvk.plural || `${String(gvk.kind).toLowerCase()}s`;
}

/** Whether the kind is namespaced: true/false for built-ins, null when unknown. */
function isNamespaced(modelName, gvk) {
  if (modelName in namespacedByName) return namespacedByName[modelName];
  for (const name of Object.keys(namespacedByName)) {
    const known = gvkMap[name];
    if (known && gvk && known.kind === gvk.kind && known.group === gvk.group) return namespacedByName[name];
  }
  return null;
}

module.exports = {
  kind,
  GenericKind,
  models,
  modelToGroupVersionKind,
  RegisterKind,
  pluralOf,
  isNamespaced,
};
