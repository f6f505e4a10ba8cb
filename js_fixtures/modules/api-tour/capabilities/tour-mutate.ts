// Mutate-side API tour: every PeprMutateRequest method, filters, Merge, Secrets, errors (audit).
import { Capability, a, sdk, PeprMutateRequest, R, RegisterKind, PeprUtils, kind } from "pepr";

export const TourMutate = new Capability({
  name: "tour-mutate",
  description: "Mutations across kinds, filters and operations",
});

const { When } = TourMutate;

// Pods in "tour" carrying label "app": every request method.
When(a.Pod)
  .IsCreated()
  .InNamespace("tour")
  .WithLabel("app")
  .Mutate((req: PeprMutateRequest<a.Pod>) => {
    req
      .SetLabel("tour/seen", "yes")
      .SetAnnotation("tour/dry-run", String(req.IsDryRun))
      .SetAnnotation("tour/side-effects", String(req.PermitSideEffects))
      .SetAnnotation("tour/has-app", String(req.HasLabel("app")))
      .SetAnnotation("tour/has-missing", String(req.HasAnnotation("missing")))
      .SetAnnotation("tour/user", req.Request.userInfo.username || "")
      .SetAnnotation("tour/old", String(req.OldResource === null))
      .RemoveLabel("remove-me")
      .RemoveAnnotation("remove-me-too")
      .RemoveLabel("not-there");
    const containers = sdk.containers(req);
    req.SetAnnotation("tour/containers", containers.map(c => c.name).join(","));
    req.SetAnnotation("tour/init", String(sdk.containers(req, "initContainers").length));
    req.Merge({
      spec: {
        containers: [{ name: "replaced", image: "busybox:1.36" }],
        securityContext: { runAsNonRoot: true },
      },
    });
  });

// Regex filters, annotation filter, alias and the logger argument; async callback.
When(a.ConfigMap)
  .IsCreatedOrUpdated()
  .InNamespaceRegex(/^tour-/)
  .WithNameRegex(/^cm-\d+$/)
  .WithAnnotation("tour/enabled", "true")
  .Alias("regex-cm")
  .Mutate(async (req, logger) => {
    logger.info("regex-cm matched");
    await new Promise(resolve => setTimeout(resolve, 1));
    const cm = req.Raw;
    cm.data = cm.data || {};
    cm.data["a/b"] = "slash key";
    cm.data["t~x"] = "tilde key";
    delete cm.data["drop"];
    cm.data["list"] = R.toUpper(cm.data["list"] || "");
    req.SetLabel("tour/op", req.Request.operation);
  });

// UPDATE only, by name: read the old object.
When(a.ConfigMap)
  .IsUpdated()
  .WithName("cm-old")
  .Mutate(req => {
    const old = req.OldResource as a.ConfigMap;
    req.SetAnnotation("tour/old-keys", Object.keys(old?.data || {}).sort().join(","));
    req.Raw.data = R.mergeRight(old?.data || {}, req.Raw.data || {});
  });

// Objects being deleted (deletionTimestamp set) on UPDATE.
When(a.ConfigMap)
  .IsUpdated()
  .WithDeletionTimestamp()
  .Mutate(req => {
    req.SetAnnotation("tour/terminating", "true");
  });

// Watch + Finalize: in admission the Finalize binding adds the Pepr finalizer.
When(a.ConfigMap)
  .IsCreatedOrUpdated()
  .WithName("finalize-me")
  .Watch(cm => {
    console.log("watched", cm.metadata?.name);
  })
  .Finalize(cm => {
    console.log("finalizing", cm.metadata?.name);
    return true;
  });

// Secrets: values are plain text inside the callback and re-encoded after it.
When(a.Secret)
  .IsCreatedOrUpdated()
  .InNamespace("tour")
  .Mutate(req => {
    const s = req.Raw;
    s.data = s.data || {};
    s.data["added"] = "plain text ~ with / chars";
    if (s.data["greeting"]) s.data["greeting"] = s.data["greeting"].toUpperCase();
    delete s.data["remove"];
    req.SetAnnotation("tour/secret-keys", Object.keys(s.data).sort().join(","));
    req.SetAnnotation("tour/encoded", PeprUtils.base64Encode("héllo"));
  });

// Errors: an Error, a thrown string and a thrown object (onError: audit).
When(a.Deployment)
  .IsCreated()
  .WithName("boom")
  .Mutate(() => {
    throw new Error("deployment boom");
  });
When(a.Deployment)
  .IsCreated()
  .WithName("boom")
  .Mutate(() => {
    throw "a thrown string";
  });
When(a.Deployment)
  .IsCreated()
  .WithName("boom")
  .Mutate(async () => {
    throw { code: 42 };
  });
When(a.Deployment)
  .IsCreated()
  .WithName("boom")
  .Mutate(req => {
    req.SetLabel("after-errors", "still-runs");
  });

// DELETE: callbacks run but no patch is produced and no status annotation is written.
When(a.Service)
  .IsDeleted()
  .Mutate(req => {
    req.SetLabel("deleted", "true");
  });

// Any event on Namespaces; Reconcile is registered for watch mode only.
When(a.Namespace)
  .IsCreatedOrUpdated()
  .WithName("tour")
  .Mutate(req => {
    req.SetLabel("tour/ns", "yes");
  })
  .Reconcile(async ns => {
    console.log("reconcile", ns.metadata?.name);
  });

// A custom kind through a GVK and one through RegisterKind.
When(a.GenericKind, { group: "tour.dev", version: "v1", kind: "Widget" })
  .IsCreated()
  .Mutate(req => {
    req.Merge({ spec: { size: (req.Raw.spec?.size || 0) + 1, tags: ["a", "b"] } });
  });

class Gadget extends a.GenericKind {}
RegisterKind(Gadget, { group: "tour.dev", version: "v1alpha1", kind: "Gadget" });
When(Gadget)
  .IsCreatedOrUpdated()
  .Mutate(req => {
    req.Raw.spec = { ...(req.Raw.spec || {}), gadget: true };
    delete req.Raw.metadata?.labels?.["temp"];
  });

// Unchanged mutation: the only patch is the status annotation.
When(kind.Job).IsCreated().Mutate(() => {});
