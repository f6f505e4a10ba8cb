// Misbehaviours, one per ConfigMap name (namespace "hostile"); any other name is a well-behaved
// request that gets the label hostile=survived — the "next request" each test checks.
import { Capability, a } from "pepr";

export const Hostile = new Capability({
  name: "hostile",
  description: "Callbacks that loop, never settle, exhaust memory, flood the log, or tamper with the realm",
  namespaces: ["hostile"],
});

const { When } = Hostile;

let requests = 0;

When(a.ConfigMap)
  .IsCreatedOrUpdated()
  .Mutate(async req => {
    requests++;
    switch (req.Raw.metadata?.name) {
      case "spin":
        for (;;) {
          // an infinite loop in the callback itself
        }
      case "microtasks": {
        // an endless microtask chain: every job queues the next, the checkpoint never ends
        const next = (): Promise<void> => Promise.resolve().then(next);
        await next();
        break;
      }
      case "timer":
        // an infinite loop in a timer callback; the callback awaits a promise it resolves
        await new Promise<void>(resolve =>
          setTimeout(() => {
            for (;;) {
              // spin
            }
            resolve();
          }, 5),
        );
        break;
      case "never":
        // a callback that never settles, with nothing else pending
        await new Promise<void>(() => {});
        break;
      case "never-busy":
        // never settles, and an interval keeps the loop busy forever
        setInterval(() => {}, 10);
        await new Promise<void>(() => {});
        break;
      case "alloc": {
        // an allocation bomb: grows until the heap cap
        const hoard: number[][] = [];
        for (;;) hoard.push(new Array(1_000_000).fill(requests));
      }
      case "recurse": {
        // unbounded recursion: RangeError: Maximum call stack size exceeded
        const down = (n: number): number => down(n + 1) + 1;
        down(0);
        break;
      }
      case "flood": {
        // 100 MB of console output in one request
        const line = "x".repeat(1023);
        for (let i = 0; i < 100 * 1024; i++) console.log(line);
        break;
      }
      case "getters":
        // a value whose getters throw, left where Pepr reads it (the patch is computed from it)
        Object.defineProperty(req.Raw.metadata, "labels", {
          enumerable: true,
          get() {
            throw new Error("getter says no");
          },
        });
        return;
      case "tamper":
        // change the realm for every later request: JSON, Object.prototype, Array.prototype
        (JSON as { stringify: unknown }).stringify = () => "[]";
        Object.defineProperty(Object.prototype, "tampered", { value: true, enumerable: true, configurable: true });
        Array.prototype.includes = () => true;
        break;
    }
    req.SetLabel("hostile", "survived");
    req.SetLabel("requests", String(requests));
  });

When(a.ConfigMap)
  .IsCreatedOrUpdated()
  .Validate(req => {
    if (req.Raw.metadata?.name === "getters") {
      // a returned object with a throwing getter (Pepr reads `allowed` from it)
      return {
        get allowed(): boolean {
          throw new Error("allowed getter says no");
        },
      } as unknown as ReturnType<typeof req.Approve>;
    }
    return req.Approve();
  });
