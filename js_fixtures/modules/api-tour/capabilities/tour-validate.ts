// Validate-side API tour: Approve/Deny shapes, errors, default messages, Secrets, DELETE,
// capability namespaces.
import { Capability, a, PeprValidateRequest, Log } from "pepr";

export const TourValidate = new Capability({
  name: "tour-validate",
  description: "Validations restricted to the tour namespaces",
  namespaces: ["tour", "tour-a", "tour-b"],
});

const { When } = TourValidate;

When(a.Pod)
  .IsCreatedOrUpdated()
  .Validate((req: PeprValidateRequest<a.Pod>) => {
    if (!req.HasLabel("team")) {
      return req.Deny("pods need a team label", 403, ["label team is missing"]);
    }
    return req.Approve(["pod looks fine"]);
  });

When(a.Pod)
  .IsCreatedOrUpdated()
  .WithLabel("team", "red")
  .Validate(req => req.Deny());

When(a.Pod)
  .IsCreatedOrUpdated()
  .WithLabel("team", "blue")
  .Validate(req => req.Deny(undefined, 418));

When(a.Pod)
  .IsCreatedOrUpdated()
  .WithLabel("team", "green")
  .Validate(async req => {
    Log.info({ name: req.Raw.metadata?.name }, "green pod");
    return req.Approve();
  });

When(a.Pod)
  .IsCreatedOrUpdated()
  .WithAnnotation("explode")
  .Validate(req => {
    if (req.Raw.metadata?.annotations?.["explode"] === "string") throw "validation exploded";
    if (req.Raw.metadata?.annotations?.["explode"] === "undefined") return undefined as never;
    throw new Error("validation exploded");
  });

// Secrets arrive decoded.
When(a.Secret)
  .IsCreated()
  .Validate(req => {
    if (req.Raw.data?.["password"] === "hunter2") return req.Deny("weak password");
    return req.Approve();
  });

// DELETE: Raw is the old object.
When(a.ConfigMap)
  .IsDeleted()
  .InNamespace("tour")
  .Validate(req => {
    if (req.HasAnnotation("protected")) return req.Deny(`configmap ${req.Raw.metadata?.name} is protected`, 409);
    return req.Approve();
  });

// Mutate then Validate on the same binding: Validate sees the original object.
When(a.ConfigMap)
  .IsCreated()
  .InNamespace("tour-a")
  .Mutate(req => {
    req.SetLabel("mutated", "true");
  })
  .Validate(req => (req.HasLabel("mutated") ? req.Deny("saw the mutation") : req.Approve()));

// A binding namespace outside the capability's: never in scope.
When(a.ConfigMap)
  .IsCreated()
  .InNamespace("elsewhere")
  .Validate(req => req.Deny("never"));
