// hostrt serve tests: a module that creates its PeprModule on a timer due at once, so the timer
// runs in the same turn as hostrt's first Store hand-off (which finds no PeprModule yet).
setTimeout(() => require("../deadline/pepr.js"), 1);
