"use strict";
// Preloaded (`node --require`) into real Pepr's controller by hostrt/pepr/live.py. Pepr 1.1.4
// listens on port 3000, fixed; this makes its HTTPS server listen on $HOSTRT_PEPR_PORT on
// 127.0.0.1 instead (0: a free port) and prints the port chosen on stderr. Nothing else of Pepr
// is touched.
const https = require("https");
const listen = https.Server.prototype.listen;
https.Server.prototype.listen = function hostrtListen(...args) {
  const want = process.env.HOSTRT_PEPR_PORT;
  if (want !== undefined) {
    this.once("listening", () => process.stderr.write(`hostrt-pepr: listening on ${this.address().port}\n`));
    return listen.call(this, Number(want), "127.0.0.1");
  }
  return listen.apply(this, args);
};
