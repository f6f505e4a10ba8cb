// probe: http/https constants and Agent classes
// api: http.STATUS_CODES
const http = require('http');
const https = require('https');
console.log(http.STATUS_CODES[404], http.METHODS.includes('PATCH'));
console.log(typeof http.Agent, typeof https.Agent, typeof https.request);
console.log(http.globalAgent instanceof http.Agent);
