const B=Buffer; const b=B.from('abcdefghij');
const tries = {
 w1:()=>b.write('x',-1), w2:()=>b.write('x',11), w3:()=>b.write('x',1.5), w4:()=>b.write('x','1'), w5:()=>b.write('x',0,-1), w6:()=>b.write('x',0,11), w7:()=>b.write('x',0,1.5), w8:()=>b.write('x',0,'1'), w9:()=>b.write('x',5,10), w10:()=>b.write('x','utf8'), w11:()=>b.write('xyz', 2, 'latin1'), w12:()=>b.write('x', undefined, 3), w13:()=>b.write('x',Infinity),w14:()=>b.write('x',NaN),
 c1:()=>b.compare(b,'0'), c2:()=>b.compare(b,-1), c3:()=>b.compare(b,0,11), c4:()=>b.compare(b,0,1,-1), c5:()=>b.compare(b,0,1,0,11), c6:()=>b.compare(b,1.5), c7:()=>b.compare(b,0,0,0,0), c8:()=>b.compare(b,100,0), c9:()=>b.compare(b, 2, 1), c10:()=>b.compare(b,0,1,5,2), c11:()=>b.compare('x'), c12:()=>b.compare(b, Infinity), c13:()=>b.compare(b, undefined, undefined, 2),
 e1:()=>b.equals('x'), e2:()=>b.equals(new Uint8Array(b)), e3:()=>B.compare(b,'x'), e4:()=>B.compare('x',b), e5:()=>B.compare(new Uint8Array([1]), new Uint8Array([2])),
 i1:()=>b.indexOf(''), i2:()=>b.indexOf('',3), i3:()=>b.indexOf('',20), i4:()=>b.includes(''), i5:()=>b.lastIndexOf(''), i6:()=>b.indexOf(B.alloc(0)), i7:()=>b.indexOf({}), i8:()=>b.indexOf('', -3), i9:()=>b.lastIndexOf('', 3), i10:()=>b.indexOf(''.padEnd(0), 10), i11:()=>b.indexOf('a', '1'), i12:()=>b.indexOf(99.5),
 r1:()=>b.readIntBE(0, Infinity), r2:()=>b.readIntBE(0, 1.5), r3:()=>b.readIntBE(0), r4:()=>b.readIntBE(0, 7), r5:()=>b.readIntBE(0,NaN), r6:()=>b.readUIntLE(0,'1'), r7:()=>b.writeIntBE(1,0,Infinity), r8:()=>b.writeIntBE(1, 0, 0),
 bl1:()=>B.byteLength(32), bl2:()=>B.byteLength(null), bl3:()=>B.byteLength(new SharedArrayBuffer(4)), bl4:()=>B.byteLength({}),
 x1:()=>b.write(1), x2:()=>b.indexOf('cd', 1, 'latin1'), x3:()=>b.lastIndexOf('c'), x4:()=>b.compare(B.from('abc')), x5:()=>b.write('zz', 9), x6:()=>[b.toString(), B.from('abc').equals(B.from('abc')), B.byteLength('é'), B.byteLength(new Uint16Array(3))],
};
for (const [k,f] of Object.entries(tries)) { try { const r=f(); console.log(k,'=',typeof r==='object'?JSON.stringify(r):r); } catch(e) { console.log(k, e.name, e.code, e.message); } }
