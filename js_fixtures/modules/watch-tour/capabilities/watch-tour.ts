// Watch-side API tour. Callbacks push what they see to globalThis.__records, which the
// runners print after each event, together with the K8s() calls and Store writes made.
import { Capability, a, K8s, kind, Log } from "pepr";

const records: unknown[] = ((globalThis as { __records?: unknown[] }).__records ??= []);
const record = (...what: unknown[]): void => {
  records.push(what);
};

export const WatchTour = new Capability({
  name: "watch-tour",
  description: "watch actions across events and filters",
});
const { When, Store } = WatchTour;

When(a.ConfigMap)
  .IsCreatedOrUpdated()
  .InNamespace("w")
  .Watch((cm, phase) => record("cm-created-or-updated", cm.metadata?.name, phase));

When(a.ConfigMap)
  .IsCreated()
  .WithLabel("tier", "gold")
  .Watch(async (cm, phase, logger) => {
    logger.info("gold configmap");
    record("gold", cm.metadata?.name, phase);
    await K8s(kind.ConfigMap).Apply({
      metadata: { name: `${cm.metadata?.name}-copy`, namespace: cm.metadata?.namespace },
      data: { from: cm.metadata?.name ?? "" },
    });
    Store.setItem(`gold/${cm.metadata?.name}`, "seen");
  });

When(a.ConfigMap)
  .IsDeleted()
  .WithNameRegex(/^gone-/)
  .Watch(async cm => {
    record("deleted", cm.metadata?.name);
    try {
      await K8s(kind.Secret).InNamespace(cm.metadata?.namespace ?? "").Get(`${cm.metadata?.name}-secret`);
      record("secret still there");
    } catch (e) {
      record("secret lookup failed", (e as { status?: number }).status);
    }
    await K8s(kind.Secret).Delete({ metadata: { name: `${cm.metadata?.name}-secret`, namespace: cm.metadata?.namespace } });
  });

When(a.ConfigMap)
  .IsUpdated()
  .WithAnnotation("mutated-in-watch")
  .Watch(cm => {
    // mutating the object must not leak into another binding's copy
    cm.metadata!.annotations!["mutated-in-watch"] = "changed";
    record("mutator", cm.metadata?.annotations?.["mutated-in-watch"]);
  });
When(a.ConfigMap)
  .IsUpdated()
  .WithAnnotation("mutated-in-watch")
  .Watch(cm => record("observer", cm.metadata?.annotations?.["mutated-in-watch"]));

// Reconcile: queued; the second event for the same object waits for the first.
When(a.Secret)
  .IsCreatedOrUpdated()
  .InNamespace("r")
  .Reconcile(async (s, phase) => {
    record("reconcile-start", s.metadata?.name, s.metadata?.resourceVersion, phase);
    await new Promise(resolve => setTimeout(resolve, 3));
    record("reconcile-end", s.metadata?.name, s.metadata?.resourceVersion);
  });

// Finalize: the finalizer is removed unless the callback returns false.
When(a.Deployment)
  .IsCreatedOrUpdated()
  .WithName("fin")
  .Watch((d, phase) => record("fin-watch", phase, Boolean(d.metadata?.deletionTimestamp)))
  .Finalize(d => {
    record("finalize", d.metadata?.name, d.metadata?.labels?.["keep-finalizer"] ?? "no");
    return d.metadata?.labels?.["keep-finalizer"] === "yes" ? false : undefined;
  });

When(a.Deployment)
  .IsCreatedOrUpdated()
  .WithName("fin-throws")
  .Watch(() => {})
  .Finalize(() => {
    record("finalize-throws");
    throw new Error("finalizer failed");
  });

// Namespaces, with the deletionTimestamp filter.
When(a.Namespace)
  .IsUpdated()
  .WithDeletionTimestamp()
  .Watch(ns => {
    record("ns-terminating", ns.metadata?.name);
    Store.removeItem("ns-count");
  });
When(a.Namespace)
  .IsCreated()
  .Watch(ns => {
    record("ns-created", ns.metadata?.name);
    Store.setItem("ns-count", String(Number(Store.getItem("ns-count") ?? 0) + 1));
    Log.info({ ns: ns.metadata?.name }, "namespace created");
  });

// Errors in watch callbacks are logged, not fatal.
When(a.Pod)
  .IsCreated()
  .Watch(() => {
    record("pod-before-throw");
    throw new Error("watch callback failed");
  });

// A custom kind.
When(a.GenericKind, { group: "tour.dev", version: "v1", kind: "Widget" })
  .IsCreatedOrUpdated()
  .Watch((w, phase) => record("widget", w.metadata?.name, phase, w.spec?.size));

export const WatchScoped = new Capability({
  name: "watch-scoped",
  description: "namespaced capability",
  namespaces: ["w", "r"],
});
WatchScoped.When(a.ConfigMap)
  .IsCreatedOrUpdated()
  .Watch((cm, phase) => {
    record("scoped", cm.metadata?.namespace, cm.metadata?.name, phase);
    if (cm.metadata?.name === "clear") WatchScoped.Store.clear();
    else WatchScoped.Store.setItem(`last-${phase}`, cm.metadata?.name ?? "");
  });
