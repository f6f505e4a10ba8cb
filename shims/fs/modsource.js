// Node's require reads the file system; hostrt's reads the module graph pushed at start-up and,
// through this source, the files of the granted paths as the fs view holds them (a module whose
// path is built at run time, e.g. `require(path.join(dir, name))`, or a file the script wrote
// under --allow-write). Nothing outside the granted paths becomes loadable.
'use strict';
const config = require('hostrt:bridge').config('fs');

if (config.roots.length > 0 || (config.write && config.write.roots.length > 0)) {
  const decoder = new TextDecoder();
  const v = require('hostrt:fs/vfs');
  globalThis.__hostrt_modules.addFileSource({
    kind(path) { const n = v.nodes.get(path); return n === undefined ? undefined : n.kind; },
    text(path) {
      const n = v.nodes.get(path);
      return n === undefined || n.data === null ? undefined : decoder.decode(n.data);
    },
  });
}
