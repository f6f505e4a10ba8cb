// Differential probe: run by real Node and by hostrt; stdout must be identical.
for (const h of ['e0a4','e0a425','f09f98','c0af','eda080','f4908080','ff41','e0','c3','f09f9880','e282ac41','','41c3a9','80', 'efbbbf41', 'f8', 'ed9fbf']) console.log(h, JSON.stringify(Buffer.from(h,'hex').toString()), JSON.stringify(Buffer.from(h,'hex').toString('utf8', 1)), JSON.stringify(Buffer.from(h,'hex').toString('UTF-8', 0, 2)));
const big = Buffer.from('héllo €😀'.repeat(2000)); console.log(big.toString() === 'héllo €😀'.repeat(2000), big.toString('utf8', -5, 1e9).length);
