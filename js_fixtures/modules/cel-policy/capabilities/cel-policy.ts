// Deployment rules written the way a ValidatingAdmissionPolicy writes them, evaluated by the
// host (hostrt:cel, CEL's C++ implementation) instead of in JavaScript. The same rules.json is
// evaluated by @bufbuild/cel in Node by the differential test (tests/test_cel_policy.py).
import { Capability, a } from "pepr";
import { validate } from "hostrt:cel/pepr";
import rules from "./rules.json";

export const CelPolicy = new Capability({
  name: "cel-policy",
  description: "Deployment policy in CEL, evaluated by the host",
  namespaces: [],
});

const { When } = CelPolicy;

When(a.Deployment)
  .IsCreatedOrUpdated()
  .Validate(validate(rules.validations, { params: rules.params }));
