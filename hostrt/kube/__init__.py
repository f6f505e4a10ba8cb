"""Kubernetes through the official client: the `kube.*` host ops."""
