// A Pepr module written as plain CommonJS (no TypeScript), with onError "reject".
const { PeprModule, Capability, a, R, Log, PeprUtils } = require("pepr");
const cfg = require("./package.json");

const Edges = new Capability({ name: "edges", description: "Patch and filter edge cases" });
const Rejecting = new Capability({
  name: "rejecting",
  description: "Failing actions under onError reject",
  namespaces: ["reject-ns"],
});

// --- label / annotation filter semantics ---
Edges.When(a.ConfigMap)
  .IsCreated()
  .WithLabel("exists")
  .Mutate(req => req.SetAnnotation("matched/exists", "yes"));
Edges.When(a.ConfigMap)
  .IsCreated()
  .WithLabel("valued", "v")
  .WithAnnotation("note")
  .Mutate(req => req.SetAnnotation("matched/valued", "yes"));

// --- patch generation edge cases ---
Edges.When(a.ConfigMap)
  .IsCreatedOrUpdated()
  .WithName("patch-edges")
  .Mutate(req => {
    const o = req.Raw;
    o.data.replaced = "new";
    o.data.undef = undefined; // becomes a remove
    o.data["we/ird~key"] = "escaped";
    o.data.unicode = "ünïcødé ✓ 😀";
    o.spec = o.spec || {};
    o.spec.list = [1, { b: 2 }, "three"]; // was [1, {a: 1}, "x", "y"]
    o.spec.grow = (o.spec.grow || []).concat(["added"]);
    o.spec.when = new Date(0);
    o.spec.schedule = new Date(86400000); // an object replaced by a Date
    o.spec.nested = { ...o.spec.nested, deep: { deeper: [null, true, 1.5e300] } };
    o.spec.typeChange = o.spec.typeChange ? ["now", "an", "array"] : "was falsy";
    o.spec.arrToObj = { now: "object" };
    delete o.spec.gone;
    req.Merge({ metadata: { labels: { merged: "yes", nil: null } }, spec: { list2: [] } });
    req.SetAnnotation("a/b~c", "needs escaping");
  });

// --- Merge of arrays replaces them; mergeDeepRight keeps left order ---
Edges.When(a.Deployment)
  .IsCreated()
  .Mutate(req => {
    req.Merge({ spec: { template: { spec: { containers: [{ name: "only" }] } }, replicas: 3 } });
    req.Raw.metadata.labels = R.mergeRight(req.Raw.metadata.labels || {}, { team: "edges" });
  });

// --- a validate that inspects what the mutate phase cannot see ---
Edges.When(a.Deployment)
  .IsCreated()
  .Validate(req => {
    const reps = R.path(["spec", "replicas"], req.Raw);
    return reps > 5 ? req.Deny(`too many replicas: ${reps}`, 422, ["scale down"]) : req.Approve(reps === 2 ? ["two"] : undefined);
  });

// --- Secret decoding utilities from PeprUtils ---
Edges.When(a.Secret)
  .IsCreated()
  .Mutate(req => {
    const copy = { data: { ...req.Raw.data } };
    PeprUtils.convertToBase64Map(copy, []);
    req.SetAnnotation("reencoded", JSON.stringify(copy.data));
    req.SetAnnotation("ascii", String(PeprUtils.isAscii.test("plain text")));
  });

// --- reject mode: the first failure stops the mutation and rejects ---
Rejecting.When(a.ConfigMap)
  .IsCreatedOrUpdated()
  .Mutate(req => req.SetLabel("first", "ran"));
Rejecting.When(a.ConfigMap)
  .IsCreatedOrUpdated()
  .WithLabel("fail")
  .Mutate(async () => {
    await new Promise(resolve => setTimeout(resolve, 2));
    throw new Error("rejected by the module");
  });
Rejecting.When(a.ConfigMap)
  .IsCreatedOrUpdated()
  .Mutate(req => req.SetLabel("third", "ran"));
Rejecting.When(a.ConfigMap)
  .IsCreatedOrUpdated()
  .WithLabel("fail")
  .Validate(req => req.Deny("validation also fails", 400));

// --- hooks: the afterHook may change the response it is given ---
const seen = [];
const mod = new PeprModule(cfg, [Edges, Rejecting], {
  deferStart: true,
  beforeHook: req => {
    seen.push(req.uid);
  },
  afterHook: res => {
    if (res.uid === "00000000-0000-4000-8000-000000000210") {
      res.warnings = (res.warnings || []).concat([`afterHook saw ${seen.length} request(s)`]);
    }
  },
});
Log.debug("starting deferred module");
mod.start();
