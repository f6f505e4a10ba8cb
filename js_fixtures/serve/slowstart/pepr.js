// hostrt serve tests: a module that creates its PeprModule 2 s after loading (an asynchronous
// start), so /healthz and /readyz can be seen before it is ready. It is the deadline module.
setTimeout(() => require("../deadline/pepr.js"), 2000);
