// probe: atob/btoa round trip and errors
// api: buffer.atob
console.log(btoa('hello'), atob('aGVsbG8='));
try { btoa('€'); } catch (e) { console.log(e.name); }
try { atob('@@@'); } catch (e) { console.log(e.name); }
