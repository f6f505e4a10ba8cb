const b2 = Buffer.alloc(10);
for (const f of [() => b2.readIntBE(undefined, 1), () => b2.readIntBE(), () => b2.writeIntBE(1, undefined, 1),
  () => b2.readUIntLE(undefined, 2), () => b2.readInt8(undefined), () => b2.writeUInt8(1),
  () => Buffer.alloc(1).readDoubleLE(Infinity), () => Buffer.alloc(10).readDoubleLE(Infinity),
  () => Buffer.alloc(8).readDoubleLE(NaN), () => Buffer.alloc(8).readDoubleLE('1'),
  () => Buffer.alloc(10).readInt8(Infinity), () => Buffer.alloc(1).includes(() => {})]) {
  try { console.log(f()); } catch (e) { console.log(e.name, e.code, e.message); }
}
const p = Buffer.prototype;
console.log(['UInt8', 'UInt16LE', 'UInt32BE', 'UIntLE', 'UIntBE', 'BigUInt64LE', 'BigUInt64BE'].every((fn) =>
  p[`write${fn}`] === p[`write${fn.replace('UInt', 'Uint')}`] && p[`read${fn}`] === p[`read${fn.replace('UInt', 'Uint')}`]));
