// hostrt serve tests: ConfigMaps named "runaway" never finish (a CPU loop), "slow" take 1.5 s
// (a timer), anything else gets a label at once. onError "reject", webhookTimeout 5 s.
const { PeprModule, Capability, a } = require("pepr");
const cfg = require("./package.json");

const Deadline = new Capability({ name: "deadline", description: "runaway, slow and good callbacks" });

Deadline.When(a.ConfigMap)
  .IsCreated()
  .Mutate(async req => {
    const name = req.Raw.metadata.name;
    if (name === "runaway") {
      for (;;) {
        // a callback that never returns: the isolate must be recycled
      }
    }
    if (name === "slow") await new Promise(resolve => setTimeout(resolve, 1500));
    req.SetLabel("answered", name);
  });

new PeprModule(cfg, [Deadline]);
