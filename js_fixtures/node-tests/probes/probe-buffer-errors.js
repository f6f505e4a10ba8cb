// Differential probe: run by real Node and by hostrt; stdout must be identical.
const b = Buffer.alloc(4);
const cases = [() => b.readUInt8(10), () => b.readUInt32LE(1), () => b.readUInt16BE(-1), () => b.readInt8(1.5), () => b.readUInt8('1'), () => b.writeUInt8(256, 0), () => b.writeUInt8(1, 4), () => b.writeInt16LE(40000), () => b.readDoubleLE(0), () => b.readBigUInt64LE(0), () => b.fill('x', 5), () => b.slice(1, 2).length, () => b.copy(Buffer.alloc(2), 5), () => Buffer.alloc(2).writeUInt32BE(1), () => b.readUIntLE(0, 7), () => b.toString('utf8', 10), () => Buffer.from({}), () => Buffer.concat('x'), () => b.write(1)];
for (const c of cases) { try { console.log('ok', JSON.stringify(c())); } catch (e) { console.log(e.name, e.code, e.message); } }
