// probe: net server and socket echo on 127.0.0.1
// api: net.createServer
const net = require('net');
const server = net.createServer((sock) => sock.pipe(sock));
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1', () => c.end('ping'));
  c.setEncoding('utf8');
  let got = '';
  c.on('data', (d) => { got += d; });
  c.on('end', () => { console.log('echo', got); server.close(); });
});
console.log(net.isIP('127.0.0.1'), net.isIPv6('::1'));
