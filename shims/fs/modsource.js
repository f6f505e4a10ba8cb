// Node's require reads the file system; hostrt's reads the module graph pushed at start-up and,
// through this source, the files of the --allow-read paths that the snapshot holds (a module
// whose path is built at run time, e.g. `require(path.join(dir, name))`). Nothing outside the
// allow-list becomes loadable.
'use strict';
const config = require('hostrt:bridge').config('fs');

if (config.roots.length > 0) {
  const decoder = new TextDecoder();
  globalThis.__hostrt_modules.addFileSource({
    kind(path) { return config.entries[path]; },
    text(path) {
      const b64 = config.contents[path];
      if (b64 === undefined) return undefined;
      const bin = atob(b64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      return decoder.decode(bytes);
    },
  });
}
