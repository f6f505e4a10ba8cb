const show = (v) => console.log(JSON.stringify(v));
show([btoa(''), btoa('a'), btoa('ab'), btoa('abc'), btoa('\xff\xfe'), btoa(123), atob('YWJj'), atob(' Y W\nJ j '), atob('YQ'), atob('YQ=='), atob(null)]);
for (const f of [() => atob('a'), () => atob('YQ='), () => atob('Y*=='), () => btoa('€'), () => atob()]) {
  try { f(); show('no error'); } catch (e) { show([e.name, e.code, e.message, e instanceof DOMException]); }
}
