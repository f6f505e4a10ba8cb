// hostrt serve tests (leader election): every ConfigMap created or updated in namespace
// "leased" is recorded in the Store as seen-<name> = the replica that watched it ($POD_NAME);
// every 10 s (Pepr's shortest interval) the replica running OnSchedule sets tick-<its name>.
const { PeprModule, Capability, a } = require("pepr");
const cfg = require("./package.json");

const Leased = new Capability({
  name: "leased",
  description: "records which replica's watcher saw each ConfigMap",
  namespaces: ["leased"],
});

Leased.When(a.ConfigMap)
  .IsCreatedOrUpdated()
  .Watch(cm => {
    Leased.Store.setItem(`seen-${cm.metadata.name}`, process.env.POD_NAME || "unknown");
  });

Leased.When(a.ConfigMap)
  .IsCreated()
  .Mutate(req => req.SetLabel("admitted-by", process.env.POD_NAME || "unknown"));

// OnSchedule runs where the watcher runs: with a Lease, only in the leader.
Leased.OnSchedule({
  name: "tick",
  every: 10,
  unit: "seconds",
  run: () => Leased.Store.setItem(`tick-${process.env.POD_NAME || "unknown"}`, "1"),
});

new PeprModule(cfg, [Leased]);
