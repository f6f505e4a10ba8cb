// Call each named API with no arguments and print {api: {value} | {threw: code}} as one JSON
// line: run in Node and in hostrt to tell a placeholder from a constant Node returns too.
'use strict';
const out = {};
for (const api of JSON.parse(process.argv[2])) {
  const parts = api.split('.');
  let owner = parts[0] === 'process' ? process : require(parts[0]);
  for (const p of parts.slice(1, -1)) owner = owner[p];
  try {
    out[api] = { value: JSON.stringify(owner[parts[parts.length - 1]]()) ?? 'undefined' };
  } catch (e) {
    out[api] = { threw: e.code || e.name };
  }
}
console.log(JSON.stringify(out));
