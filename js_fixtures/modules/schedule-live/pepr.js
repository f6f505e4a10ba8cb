"use strict";
// OnSchedule on the real clock: the smallest interval Pepr allows (10 s), two completions.
const { Capability, PeprModule } = require("pepr");
const bridge = require("hostrt:bridge");
const cfg = require("./package.json");

const runs = [];
const timed = new Capability({ name: "timed", description: "a schedule" });
timed.OnSchedule({ name: "tick", every: 10, unit: "seconds", completions: 2, run: () => runs.push(Date.now()) });
new PeprModule(cfg, [timed]);
bridge.handle("test.runs", () => runs);
