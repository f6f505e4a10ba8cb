// hostrt CommonJS loader: Node's `require` over a virtual file system Python fills ahead of time.
//
// JS cannot read files synchronously from Python, so the host pushes every file the module graph
// needs (found by esbuild) before the main module runs. Resolution follows Node's algorithm
// (files, extensions, directories, package.json main/exports, node_modules lookup) against that
// snapshot. Built-in modules come from the shim declarations: each maps a name to a shim file.
(function (global) {
  'use strict';
  const files = new Map();        // absolute path -> source text
  const dirs = new Set(['/']);    // every directory that holds a pushed file
  const builtinFiles = new Map(); // 'timers' -> '/$hostrt/shims/timers/timers.js'
  const nativeBuiltins = new Map(); // 'hostrt:bridge' -> exports object
  const nodeBuiltins = new Set(); // every name Node 20 treats as built-in
  const builtinCache = new Map();
  const cache = Object.create(null); // require.cache
  let mainModule;

  function codeError(message, code, Ctor = Error) {
    const err = new Ctor(message);
    err.code = code;
    return err;
  }

  // --- paths --------------------------------------------------------------------------------
  function normalize(p) {
    const parts = [];
    for (const seg of p.split('/')) {
      if (seg === '' || seg === '.') continue;
      if (seg === '..') parts.pop(); else parts.push(seg);
    }
    return '/' + parts.join('/');
  }
  function dirname(p) {
    const i = p.lastIndexOf('/');
    return i <= 0 ? '/' : p.slice(0, i);
  }
  function join(a, b) { return normalize(a + '/' + b); }

  // Other places files can come from (the fs shim's --allow-read snapshot): consulted for paths
  // the pushed module graph does not hold, as Node's require reads whatever the disk has.
  const fileSources = [];
  function hasFile(p) {
    return files.has(p) || fileSources.some((src) => src.kind(p) === 'f');
  }
  function hasDir(p) {
    return dirs.has(p) || fileSources.some((src) => src.kind(p) === 'd');
  }
  function fileText(p) {
    if (files.has(p)) return files.get(p);
    for (const src of fileSources) {
      const text = src.kind(p) === 'f' ? src.text(p) : undefined;
      if (text !== undefined) return text;
    }
    return undefined;
  }

  function addFiles(map) {
    for (const [path, source] of Object.entries(map)) {
      files.set(path, source);
      for (let d = dirname(path); !dirs.has(d); d = dirname(d)) dirs.add(d);
    }
  }

  // --- resolution (Node's algorithm over the snapshot) -----------------------------------------
  const EXTENSIONS = ['.js', '.json', '.cjs', '.mjs', '.ts', '.node'];
  function loadAsFile(p) {
    if (hasFile(p)) return p;
    for (const ext of EXTENSIONS) if (hasFile(p + ext)) return p + ext;
    return undefined;
  }
  function readPackage(dir) {
    const src = fileText(dir + '/package.json');
    if (src === undefined) return undefined;
    try {
      return JSON.parse(src);
    } catch (e) {
      throw codeError(`Invalid package config ${dir}/package.json: ${e.message}`,
        'ERR_INVALID_PACKAGE_CONFIG');
    }
  }
  function loadAsDirectory(p) {
    if (!hasDir(p)) return undefined;
    const pkg = readPackage(p);
    if (pkg && typeof pkg.main === 'string' && pkg.main) {
      const m = join(p, pkg.main);
      const found = loadAsFile(m) ?? loadIndex(m);
      if (found) return found;
    }
    return loadIndex(p);
  }
  function loadIndex(p) {
    for (const ext of EXTENSIONS) if (hasFile(p + '/index' + ext)) return p + '/index' + ext;
    return undefined;
  }

  const CONDITIONS = ['require', 'node', 'default'];
  function resolveTarget(target, star) {
    if (typeof target === 'string') return star === undefined ? target : target.split('*').join(star);
    if (Array.isArray(target)) {
      for (const t of target) {
        const r = resolveTarget(t, star);
        if (r !== undefined) return r;
      }
      return undefined;
    }
    if (target && typeof target === 'object') {
      for (const [cond, value] of Object.entries(target)) {
        if (CONDITIONS.includes(cond)) {
          const r = resolveTarget(value, star);
          if (r !== undefined) return r;
        }
      }
    }
    return undefined;
  }
  function resolveExports(pkgDir, exportsField, subpath) {
    let map = exportsField;
    if (typeof map === 'string' || Array.isArray(map) ||
        (map && typeof map === 'object' && !Object.keys(map).some((k) => k.startsWith('.')))) {
      map = { '.': map };
    }
    let target;
    if (Object.prototype.hasOwnProperty.call(map, subpath)) {
      target = resolveTarget(map[subpath]);
    } else {
      for (const key of Object.keys(map)) {
        const star = key.indexOf('*');
        if (star < 0) continue;
        const pre = key.slice(0, star);
        const post = key.slice(star + 1);
        if (subpath.startsWith(pre) && subpath.endsWith(post) && subpath.length >= key.length - 1) {
          target = resolveTarget(map[key], subpath.slice(pre.length, subpath.length - post.length));
          break;
        }
      }
    }
    if (target === undefined) {
      throw codeError(`Package subpath '${subpath}' is not defined by "exports" in ` +
        `${pkgDir}/package.json`, 'ERR_PACKAGE_PATH_NOT_EXPORTED');
    }
    return join(pkgDir, target);
  }
  function nodeModulesPaths(from) {
    const out = [];
    for (let d = from; ; d = dirname(d)) {
      if (!d.endsWith('/node_modules')) out.push(d === '/' ? '/node_modules' : d + '/node_modules');
      if (d === '/') return out;
    }
  }
  function loadNodeModules(request, fromDir) {
    const parts = request.split('/');
    const nameLen = request.startsWith('@') ? 2 : 1;
    const name = parts.slice(0, nameLen).join('/');
    const subpath = parts.length > nameLen ? './' + parts.slice(nameLen).join('/') : '.';
    for (const nm of nodeModulesPaths(fromDir)) {
      const pkgDir = nm + '/' + name;
      if (!hasDir(pkgDir)) continue;
      const pkg = readPackage(pkgDir);
      if (pkg && pkg.exports !== undefined && pkg.exports !== null) {
        const target = resolveExports(pkgDir, pkg.exports, subpath);
        if (hasFile(target)) return target;
        continue;
      }
      const p = join(nm, request);
      const found = loadAsFile(p) ?? loadAsDirectory(p);
      if (found) return found;
    }
    return undefined;
  }

  function builtinName(request) {
    if (request.startsWith('node:')) return request.slice(5);
    return request;
  }
  function isBuiltinRequest(request) {
    if (nativeBuiltins.has(request) || builtinFiles.has(request)) return true;
    if (request.startsWith('node:')) return true;
    return nodeBuiltins.has(request);
  }

  function resolveFilename(request, parent) {
    if (typeof request !== 'string') {
      const err = codeError(`The "id" argument must be of type string. Received ${typeof request}`,
        'ERR_INVALID_ARG_TYPE', TypeError);
      throw err;
    }
    if (request === '') {
      throw codeError("The argument 'id' must be a non-empty string. Received ''",
        'ERR_INVALID_ARG_VALUE', TypeError);
    }
    const fromDir = parent ? dirname(parent.filename) : '/';
    let found;
    if (request.startsWith('./') || request.startsWith('../') || request === '.' ||
        request === '..' || request.startsWith('/')) {
      const p = request.startsWith('/') ? normalize(request) : join(fromDir, request);
      found = loadAsFile(p) ?? loadAsDirectory(p);
    } else {
      found = loadNodeModules(request, fromDir);
    }
    if (found === undefined) {
      const from = parent ? parent.filename : '<host>';
      const err = codeError(`Cannot find module '${request}'\nRequire stack:\n- ${from}\n` +
        '(hostrt loads the files esbuild finds statically from the entry module)',
        'MODULE_NOT_FOUND');
      err.requireStack = [from];
      throw err;
    }
    return found;
  }

  // --- module objects ---------------------------------------------------------------------------
  function Module(id, parent) {
    this.id = id;
    this.path = dirname(id);
    this.exports = {};
    this.filename = id;
    this.loaded = false;
    this.children = [];
    this.paths = nodeModulesPaths(dirname(id));
    Object.defineProperty(this, 'parent', { value: parent, writable: true, enumerable: false });
    if (parent) parent.children.push(this);
  }
  Module.prototype.require = function (request) { return requireFrom(this, request); };

  function makeRequire(mod) {
    const require = (request) => requireFrom(mod, request);
    const resolve = (request) => (isBuiltinRequest(request) ? request : resolveFilename(request, mod));
    resolve.paths = (request) => (isBuiltinRequest(request) ? null : nodeModulesPaths(mod.path));
    require.resolve = resolve;
    require.cache = cache;
    require.main = mainModule;
    return require;
  }

  const WRAPPER = '(function (exports, require, module, __filename, __dirname) {';
  const compiled = new Set();     // display names of compiled modules (for stack columns)
  function displayName(filename) {
    return filename.startsWith('/$hostrt/') ? 'hostrt:' + filename.slice(9) : filename;
  }
  function compile(mod, source) {
    let body = source;
    if (body.startsWith('#!')) body = '//' + body.slice(2);
    // Keep the wrapper on the first line so stack lines match the file's own lines; the
    // stack formatter below takes the wrapper's width off columns on line 1.
    const name = displayName(mod.filename);
    compiled.add(name);
    registerSourceMap(name, body);
    const wrapped = WRAPPER + body + '\n})\n//# sourceURL=' + name;
    const fn = (0, eval)(wrapped);
    fn.call(mod.exports, mod.exports, makeRequire(mod), mod, mod.filename, mod.path);
  }

  function loadModule(filename, parent) {
    const cached = cache[filename];
    if (cached !== undefined) {
      if (parent && !parent.children.includes(cached)) parent.children.push(cached);
      return cached.exports;
    }
    const mod = new Module(filename, parent);
    if (parent === undefined && mainModule === undefined) mainModule = mod;
    cache[filename] = mod;
    const source = fileText(filename);
    if (source === undefined) {
      delete cache[filename];
      throw codeError(`Cannot load '${filename}': hostrt's require cannot read it synchronously ` +
        '(not in the module graph, and too large for the --allow-read start-up snapshot)',
        'ERR_HOSTRT_UNSUPPORTED');
    }
    let ok = false;
    try {
      if (filename.endsWith('.json')) {
        try {
          mod.exports = JSON.parse(source);
        } catch (e) {
          e.message = filename + ': ' + e.message;
          throw e;
        }
      } else if (filename.endsWith('.node')) {
        throw codeError(`Cannot load native addon ${filename}: hostrt runs JavaScript only`,
          'ERR_HOSTRT_UNSUPPORTED');
      } else {
        compile(mod, source);
      }
      ok = true;
    } finally {
      if (!ok) delete cache[filename];
    }
    mod.loaded = true;
    return mod.exports;
  }

  function loadBuiltin(request) {
    if (nativeBuiltins.has(request)) return nativeBuiltins.get(request);
    const name = builtinName(request);
    const file = builtinFiles.get(request) ?? builtinFiles.get(name);
    if (file !== undefined) {
      let exports = builtinCache.get(file);
      if (exports === undefined) {
        // Built-ins get their own module objects, outside require.cache (as in Node).
        // `file?arg`: one shim file instantiated per argument (module.id keeps the `?arg`),
        // so a generic implementation can serve several module names.
        const mod = new Module(file, undefined);
        builtinCache.set(file, mod.exports);
        const q = file.indexOf('?');
        compile(mod, files.get(q < 0 ? file : file.slice(0, q)));
        exports = mod.exports;
        builtinCache.set(file, exports);
      }
      return exports;
    }
    if (nodeBuiltins.has(name)) {
      throw codeError(`hostrt does not provide the Node built-in module '${request}'`,
        'ERR_HOSTRT_UNSUPPORTED_MODULE');
    }
    throw codeError(`No such built-in module: ${request}`, 'ERR_UNKNOWN_BUILTIN_MODULE');
  }

  function requireFrom(parent, request) {
    if (isBuiltinRequest(request)) return loadBuiltin(request);
    return loadModule(resolveFilename(request, parent), parent);
  }

  // --- stack traces --------------------------------------------------------------------------
  // V8's own frame text (CallSite#toString), minus the host's plumbing frames (the bridge tick,
  // the loader, the evals that start them), with line-1 columns corrected for the wrapper.
  const PLUMBING = new Set(['hostrt:core.js', 'hostrt:require.js', '<anonymous>',
    'hostrt:shims/process/rejections.js']);
  function isPlumbing(site) {
    const file = site.getScriptNameOrSourceURL();
    if (file === null || file === undefined || PLUMBING.has(file)) return true;
    // Code a transform added (esbuild's async helpers) has no mapping back to user code.
    return sourceMaps.has(file) && mapPosition(file, site.getLineNumber(), 1) === undefined &&
      sourceMaps.has(file);
  }
  // Source maps of transformed modules (TypeScript, ESM, lowered async): stack frames point at
  // the file the user wrote. Decoded lazily, the first time a frame needs them.
  const sourceMaps = new Map();   // display name -> {raw, lines?, sources, dir}
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  function b64decode(text) {
    let bits = 0; let acc = 0; let out = '';
    for (const ch of text) {
      const v = B64.indexOf(ch);
      if (v < 0) continue;
      acc = (acc << 6) | v; bits += 6;
      if (bits >= 8) { bits -= 8; out += String.fromCharCode((acc >> bits) & 0xff); }
    }
    return decodeURIComponent(escape(out));
  }
  function registerSourceMap(name, source) {
    const m = /\/\/# sourceMappingURL=data:application\/json;(?:charset=utf-8;)?base64,([A-Za-z0-9+/=]+)\s*$/.exec(source);
    if (m) sourceMaps.set(name, { raw: m[1], dir: dirname(name), name });
  }
  function decodeMappings(map) {
    const json = JSON.parse(b64decode(map.raw));
    map.sources = (json.sources || []).map((s) => (s.startsWith('/') ? s : join(map.dir, s)));
    if (map.sources.length === 0) map.sources = [map.name];
    map.lines = [];
    let src = 0; let line = 0; let col = 0;
    for (const lineText of json.mappings.split(';')) {
      const segs = [];
      let genCol = 0;
      for (const seg of lineText.split(',')) {
        if (!seg) continue;
        const v = [];
        let shift = 0; let value = 0;
        for (const ch of seg) {
          const d = B64.indexOf(ch);
          value += (d & 31) << shift;
          if (d & 32) { shift += 5; continue; }
          v.push(value & 1 ? -(value >>> 1) : value >>> 1);
          shift = 0; value = 0;
        }
        genCol += v[0];
        if (v.length >= 4) { src += v[1]; line += v[2]; col += v[3]; segs.push([genCol, src, line, col]); }
      }
      map.lines.push(segs);
    }
  }
  function mapPosition(name, line, column) {
    const map = sourceMaps.get(name);
    if (map === undefined) return undefined;
    if (map.lines === undefined) {
      try { decodeMappings(map); } catch (e) { sourceMaps.delete(name); return undefined; }
    }
    const segs = map.lines[line - 1];
    if (!segs || segs.length === 0) return undefined;
    let best = segs[0];
    for (const seg of segs) { if (seg[0] <= column - 1) best = seg; else break; }
    return { file: map.sources[best[1]] || name, line: best[2] + 1, column: best[3] + 1 };
  }

  function isWrapperFrame(site) {
    // The wrapper is the function that starts the file; other anonymous functions in eval'd
    // code are also named 'eval' by V8.
    const line = typeof site.getEnclosingLineNumber === 'function' ? site.getEnclosingLineNumber() : 1;
    const col = typeof site.getEnclosingColumnNumber === 'function' ? site.getEnclosingColumnNumber() : 1;
    return line === 1 && col <= 2;
  }
  function frameText(site) {
    let text = String(site);
    const file = site.getScriptNameOrSourceURL();
    if (!compiled.has(file)) return text;
    // The module wrapper is an anonymous function V8 calls 'eval'; Node calls it <anonymous>.
    if (site.getFunctionName() === 'eval' && isWrapperFrame(site)) text = text.replace(/^(?:(\S+)\.)?eval /, (m, t) => `${t || 'Object'}.<anonymous> `);
    const line = site.getLineNumber();
    let col = site.getColumnNumber();
    if (line === 1) col -= WRAPPER.length;
    const mapped = mapPosition(file, line, col);
    const where = mapped ? `${mapped.file}:${mapped.line}:${mapped.column}` : `${file}:${line}:${col}`;
    const at = `${file}:${line}:${site.getColumnNumber()}`;
    const i = text.lastIndexOf(at);
    return i < 0 ? text : text.slice(0, i) + where + text.slice(i + at.length);
  }
  function errorHeader(err) {
    try {
      return Error.prototype.toString.call(err);
    } catch (e) {
      return '<error>';
    }
  }
  function prepareStackTrace(err, sites) {
    const frames = sites.filter((s) => !isPlumbing(s));
    const header = errorHeader(err);
    return frames.length ? header + '\n    at ' + frames.map(frameText).join('\n    at ') : header;
  }
  Error.prepareStackTrace = prepareStackTrace;

  // `import.meta` of ES modules hostrt turned into CommonJS: esbuild is told to write
  // `__hostrt_import_meta` for it (one bundle holds many modules), and this getter finds which
  // module reads it from the caller's position, mapped back through the source map.
  function fileUrl(path) {
    return 'file://' + path.replace(/[%\\\n\r\t #?"<>`{}]|[^\x21-\x7e]/gu, (c) => encodeURIComponent(c));
  }
  function importMeta() {
    const saved = Error.prepareStackTrace;
    const holder = {};
    let site;
    try {
      Error.prepareStackTrace = (_, sites) => sites;
      Error.captureStackTrace(holder, importMetaGetter);
      site = Array.isArray(holder.stack) ? holder.stack[0] : undefined;
    } finally {
      Error.prepareStackTrace = saved;
    }
    let path = site && site.getScriptNameOrSourceURL();
    if (typeof path !== 'string' || !path.startsWith('/')) return {};
    const line = site.getLineNumber();
    let col = site.getColumnNumber();
    if (line === 1 && compiled.has(path)) col -= WRAPPER.length;
    const mapped = mapPosition(path, line, col);
    if (mapped && typeof mapped.file === 'string' && mapped.file.startsWith('/')) path = mapped.file;
    const filename = path;
    return {
      url: fileUrl(filename), filename, dirname: dirname(filename),
      resolve(specifier) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(specifier)) return specifier;
        if (specifier.startsWith('/') || specifier.startsWith('./') || specifier.startsWith('../')) {
          return fileUrl(specifier.startsWith('/') ? normalize(specifier) : normalize(dirname(filename) + '/' + specifier));
        }
        return isBuiltinRequest(specifier) ? `node:${builtinName(specifier)}` : specifier;
      },
    };
  }
  const importMetaGetter = Object.getOwnPropertyDescriptor({ get m() { return importMeta(); } }, 'm').get;
  Object.defineProperty(global, '__hostrt_import_meta', { configurable: false, enumerable: false, get: importMetaGetter });

  // Node's global object calls itself 'global' (Object.prototype.toString gives [object global]).
  Object.defineProperty(global, Symbol.toStringTag, {
    value: 'global', writable: false, enumerable: false, configurable: true,
  });

  // Not enumerable: user code enumerating globalThis sees only Node's names.
  Object.defineProperty(global, '__hostrt_modules', { configurable: false, writable: false, enumerable: false, value: Object.freeze({
    addFiles,
    /** Another source of files for require: `{ kind(path) -> 'f' | 'd' | undefined,
     *  text(path) -> string | undefined }` (the fs shim's allow-listed snapshot). */
    addFileSource(source) { fileSources.push(source); },
    /** The pushed text of a file, if any (assert.ok quotes the failing expression from it). */
    source(filename) { return fileText(filename); },
    /** Characters the CommonJS wrapper adds before a module's first line (see compile). */
    wrapperPrefixLength: WRAPPER.length,
    /** name -> shim file path; `node:` twins are implied for Node's own names. */
    defineBuiltins(map) {
      for (const [name, file] of Object.entries(map)) builtinFiles.set(name, file);
    },
    defineNative(name, exports) { nativeBuiltins.set(name, exports); },
    setNodeBuiltins(names) { for (const n of names) nodeBuiltins.add(n); },
    isBuiltin(name) { return isBuiltinRequest(name) && (nativeBuiltins.has(name) ||
      builtinFiles.has(builtinName(name)) || nodeBuiltins.has(builtinName(name))); },
    builtinModules() { return [...nodeBuiltins]; },
    /** A global backed by a module export, loaded on first use (Node loads lazily too). */
    installGlobal(name, request, exportName, enumerable = false) {
      const load = () => {
        const mod = loadBuiltin(request);
        return exportName === undefined ? mod : mod[exportName];
      };
      const define = (value) => Object.defineProperty(global, name, {
        value, writable: true, configurable: true, enumerable,
      });
      Object.defineProperty(global, name, {
        configurable: true, enumerable,
        get() { const v = load(); define(v); return v; },
        set(v) { define(v); },
      });
    },
    require(request) { return requireFrom(undefined, request); },
    /** module.createRequire: a require resolving from `filename` (an absolute path or a file:
     *  URL); it loads what hostrt's file system holds, as every other require here. */
    createRequire(filename) {
      let path = filename;
      if (typeof path === 'object' && path !== null && typeof path.href === 'string') path = path.href;
      if (typeof path === 'string' && path.startsWith('file://')) {
        path = decodeURIComponent(new URL(path).pathname);
      } else if (typeof path !== 'string' || !path.startsWith('/')) {
        let shown;
        try { shown = typeof filename === 'string' ? `'${filename}'` : String(filename); } catch { shown = typeof filename; }
        throw codeError("The argument 'filename' must be a file URL object, file URL string, or " +
          `absolute path string. Received ${shown}`, 'ERR_INVALID_ARG_VALUE', TypeError);
      }
      // A directory (trailing slash) resolves from inside it, as Node's does.
      const id = path.endsWith('/') ? normalize(path + 'noop.js') : normalize(path);
      const mod = new Module(id, undefined);
      mod.loaded = true;
      return makeRequire(mod);
    },
    runMain(filename) {
      mainModule = undefined;
      return loadModule(normalize(filename), undefined);
    },
    get main() { return mainModule; },
    cache,
    Module,
  }) });
  global.__hostrt_modules.defineNative('hostrt:bridge', global.__hostrt.bridge);
})(globalThis);
