"use strict";
// PeprMutateRequest / PeprValidateRequest: the wrappers a Mutate / Validate callback receives.
// `Raw` is a deep copy of the request object (of oldObject for DELETE); methods are own
// properties (arrow functions) so they survive destructuring, as in Pepr.

const R = require("./ramda");

function rawFrom(input, what) {
  const raw =
    input.operation.toUpperCase() === "DELETE" ? R.clone(input.oldObject) : R.clone(input.object);
  if (!raw) throw new Error(`${what} the request object into PeprRequest.Raw`);
  return raw;
}

const hasLabel = raw => key => raw().metadata?.labels?.[key] !== undefined;
const hasAnnotation = raw => key => raw().metadata?.annotations?.[key] !== undefined;

class PeprMutateRequest {
  #input;

  get PermitSideEffects() {
    return !this.#input.dryRun;
  }

  get IsDryRun() {
    return this.#input.dryRun;
  }

  get OldResource() {
    return this.#input.oldObject;
  }

  get Request() {
    return this.#input;
  }

  constructor(input) {
    this.Merge = obj => {
      this.Raw = R.mergeDeepRight(this.Raw, obj);
    };
    this.SetLabel = (key, value) => {
      const ref = this.Raw;
      ref.metadata = ref.metadata ?? {};
      ref.metadata.labels = ref.metadata.labels ?? {};
      ref.metadata.labels[key] = value;
      return this;
    };
    this.SetAnnotation = (key, value) => {
      const ref = this.Raw;
      ref.metadata = ref.metadata ?? {};
      ref.metadata.annotations = ref.metadata.annotations ?? {};
      ref.metadata.annotations[key] = value;
      return this;
    };
    this.RemoveLabel = key => {
      if (this.Raw.metadata?.labels?.[key]) delete this.Raw.metadata.labels[key];
      return this;
    };
    this.RemoveAnnotation = key => {
      if (this.Raw.metadata?.annotations?.[key]) delete this.Raw.metadata.annotations[key];
      return this;
    };
    this.HasLabel = hasLabel(() => this.Raw);
    this.HasAnnotation = hasAnnotation(() => this.Raw);

    this.#input = input;
    this.Raw = rawFrom(input, "Unable to load");
  }
}

class PeprValidateRequest {
  #input;

  get OldResource() {
    return this.#input.oldObject;
  }

  get Request() {
    return this.#input;
  }

  constructor(input) {
    this.HasLabel = hasLabel(() => this.Raw);
    this.HasAnnotation = hasAnnotation(() => this.Raw);
    this.Approve = warnings => ({ allowed: true, warnings });
    this.Deny = (statusMessage, statusCode, warnings) => ({
      allowed: false,
      statusCode,
      statusMessage,
      warnings,
    });

    this.#input = input;
    this.Raw = rawFrom(input, "unable to load");
  }
}

module.exports = { PeprMutateRequest, PeprValidateRequest };
