"""The controller image's Dockerfile that `hostrt build` writes beside the manifests.

Two stages: the first installs hostrt from its wheel and runs `hostrt setup` (which needs npm
for esbuild and the npm-backed shims); the second keeps only Python, the virtualenv and the
set-up home, and runs as the unprivileged user the Deployments ask for. Node is not in the
final image: hostrt runs the module in its own embedded V8.
"""

from __future__ import annotations

PYTHON_IMAGE = "python:3.12-slim"


def dockerfile(version: str, wheel: str | None) -> str:
    """The Dockerfile text; `wheel` is the wheel's file name under wheels/ (or None: any)."""
    wheel_glob = f"wheels/{wheel}" if wheel else "wheels/hostrt-*.whl"
    return f"""\
# The hostrt controller image for the manifests beside this file (written by `hostrt build`,
# hostrt {version}). Build it from this directory, with hostrt's wheel in ./wheels/:
#   docker build -t hostrt-controller:{version} .
# (`hostrt build --wheel PATH` copies the wheel there; `pip wheel --no-deps PATH/TO/hostrt -w
# wheels` makes one from a checkout.)
FROM {PYTHON_IMAGE} AS setup
RUN apt-get update \\
 && apt-get install -y --no-install-recommends nodejs npm \\
 && rm -rf /var/lib/apt/lists/*
COPY {wheel_glob} /wheels/
RUN python -m venv /opt/hostrt/venv \\
 && /opt/hostrt/venv/bin/pip install --no-cache-dir /wheels/*.whl
ENV HOSTRT_HOME=/opt/hostrt/home
RUN /opt/hostrt/venv/bin/hostrt setup

FROM {PYTHON_IMAGE}
COPY --from=setup /opt/hostrt /opt/hostrt
ENV PATH=/opt/hostrt/venv/bin:$PATH \\
    HOSTRT_HOME=/opt/hostrt/home \\
    PYTHONUNBUFFERED=1
USER 65532:65532
EXPOSE 3000
ENTRYPOINT []
CMD ["hostrt", "serve", "--help"]
"""
