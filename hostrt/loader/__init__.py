"""Module loading: npm set-up, esbuild, module-graph discovery and the virtual file system."""
