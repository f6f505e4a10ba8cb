"use strict";
// Replaces Pepr's src/lib/controller/store.ts inside the reference bundle: no cluster. Each
// capability's store starts empty and becomes ready on a timer (as the real one does after its
// first read); writes are echoed back into the store on a microtask, i.e. the store behaves as
// if the cluster round trip were instant — the same semantics hostrt's Store has.

const unescapePointer = s => s.replace(/~1/g, "/").replace(/~0/g, "~");
// Every write, normalised for the watch-mode diff: {store, capability, op: "set"|"remove", key, value?}
const sent = (globalThis.__hostrtRefStoreOps = globalThis.__hostrtRefStoreOps || []);

class StoreController {
  constructor(capabilities, name, onReady) {
    globalThis.__hostrtRefCapabilities = globalThis.__hostrtRefCapabilities || capabilities;
    const schedule = name.includes("schedule");
    const entries = [];
    for (const cap of capabilities) {
      if (schedule && cap.hasSchedule !== true) continue;
      const storage = schedule ? cap.registerScheduleStore() : cap.registerStore();
      const data = {};
      let queued = false;
      storage.registerSender((op, keys, value) => {
        for (const key of keys) {
          const k = unescapePointer(key);
          const rec = { store: schedule ? "schedule" : "store", capability: cap.name, op: op === "add" ? "set" : "remove", key: k.replace(/^v2-/, "") };
          if (op === "add") rec.value = value;
          sent.push(rec);
          if (op === "add") data[k] = value || "";
          else delete data[k];
        }
        if (!queued) {
          queued = true;
          Promise.resolve().then(() => {
            queued = false;
            storage.receive({ ...data });
          });
        }
      });
      entries.push({ storage, data });
    }
    setTimeout(() => {
      for (const { storage, data } of entries) storage.receive({ ...data });
      if (typeof onReady === "function") onReady();
    }, 0);
  }
}

module.exports = { StoreController };
