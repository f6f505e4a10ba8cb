// probe: fs callbacks and fs/promises read of this probe file
// api: fs.promises
const fs = require('fs');
fs.readFile(__filename, 'utf8', (err, text) => {
  console.log('callback', err, text.split('\n')[0]);
  fs.stat(__filename, (err2, st) => {
    console.log('stat', err2, st.isFile());
    require('fs/promises').readFile(__filename).then((b) => console.log('promise', b.length > 10));
  });
});
