'use strict'; const ässört = require('assert'); const quote = (f) => { try { f(); } catch (e) { console.log(JSON.stringify(e.message)); } };
quote(() => ässört.ok('')); quote(() => ässört(null));
const assert = require('assert'); quote(() => assert.ok(0 > 1)); quote(() => assert(typeof 1 === 'string'));
