"""`hostrt build`: Kubernetes manifests, the module bundle and a Dockerfile for a Pepr module on hostrt."""
