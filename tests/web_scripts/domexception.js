const show = (v) => console.log(JSON.stringify(v));
const e = new DOMException('msg', 'AbortError');
show([e.name, e.message, e.code, e instanceof Error, e instanceof DOMException, String(e), Object.keys(e), Object.getOwnPropertyNames(e)]);
show([new DOMException().name, new DOMException().message, new DOMException('x', 'Nope').code, DOMException.TIMEOUT_ERR, e.DATA_CLONE_ERR]);
const c = new DOMException('m', { name: 'DataCloneError', cause: 42 });
show([c.name, c.code, c.cause, Object.prototype.toString.call(c), e.stack.split('\n')[0]]);
