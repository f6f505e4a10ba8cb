// fs/promises: readFile and access through the host's allow-list; the rest are declared stubs.
'use strict';
const { build } = require('hostrt:stubs/make');
const c = require('hostrt:fs/common');

const exportsList = c.config.exports['fs/promises'];
for (const [key, desc] of Object.entries(exportsList)) {
  module.exports[key] = build(`fsPromises.${key}`, desc, c.REASON + ' (only readFile/access, behind --allow-read)');
}

module.exports.readFile = async function readFile(path, options = undefined) {
  const p = c.pathArg(path);
  const bytes = await c.readLive(p);
  return c.toResult(bytes, c.encodingOf(options));
};
module.exports.access = async function access(path, mode = undefined) {
  await c.accessLive(c.pathArg(path), mode);
};
