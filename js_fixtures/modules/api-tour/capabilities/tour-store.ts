// Store tour: writes during admission, reads see the previous state (Pepr's round trip),
// subscribe/onReady, OnSchedule registration.
import { Capability, a, Log } from "pepr";

export const TourStore = new Capability({
  name: "tour-store",
  description: "Store and schedule",
});

const { When, Store, OnSchedule } = TourStore;

let readyKeys = "not-ready";
Store.onReady(data => {
  readyKeys = Object.keys(data).sort().join(",");
  Log.info({ data }, "tour store ready");
});

let notifications = 0;
Store.subscribe(() => {
  notifications++;
});

When(a.ConfigMap)
  .IsCreated()
  .InNamespace("store")
  .Mutate(async req => {
    const name = req.Raw.metadata?.name || "";
    const before = Store.getItem("last") || "none";
    Store.setItem("last", name);
    const immediately = Store.getItem("last") || "none";
    Store.setItem(`seen/${name}`, "1");
    req.SetAnnotation("store/before", before);
    req.SetAnnotation("store/immediately", immediately);
    req.SetAnnotation("store/ready", readyKeys);
    await Store.setItemAndWait("waited", name);
    req.SetAnnotation("store/after-wait", Store.getItem("waited") || "none");
    if (name === "cm-clear") {
      Store.removeItem("last");
      await Store.removeItemAndWait("waited");
      req.SetAnnotation("store/removed", String(Store.getItem("waited")));
      Store.clear();
    }
    req.SetAnnotation("store/notified", String(notifications > 0));
  });

OnSchedule({
  name: "tour-every-minute",
  every: 1,
  unit: "minute",
  run: () => Log.info("tour schedule ran"),
});
