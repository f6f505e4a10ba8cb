#!/usr/bin/env node
"use strict";
// The reference runner ships in the package (hostrt/pepr/node/), so `hostrt fuzz` finds it in
// an installed wheel; this path keeps working for the development tools here.
require("../../hostrt/pepr/node/pepr_reference.js");
