for (const f of [()=>structuredClone(undefined, ''), ()=>structuredClone(undefined, 1), ()=>structuredClone(undefined, {transfer:1}), ()=>structuredClone(undefined, {transfer:''}), ()=>structuredClone(undefined, null), ()=>structuredClone(), ()=>structuredClone(undefined, {transfer: []}), ()=>structuredClone(undefined, {transfer: undefined}), ()=>structuredClone(undefined, {transfer: null}), ()=>structuredClone({}, {transfer: {*[Symbol.iterator]() {}}})]) { try { console.log(JSON.stringify(f())); } catch(e) { console.log(e.name, e.code, e.message); } }
const {AsyncLocalStorage}=require('async_hooks'); for (const v of [0,'', {}]) { try { AsyncLocalStorage.bind(v) } catch(e) { console.log(e.code, e.message) } }
console.log(AsyncLocalStorage.bind((a) => a + 1)(1));
try { require('diagnostics_channel').channel(null) } catch (e) { console.log(String(e)); }
try { new URL(); } catch (e) { console.log(String(e)); }
