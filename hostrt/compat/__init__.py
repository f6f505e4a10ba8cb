"""The compat lab: probes run in real Node, hostrt, bare mini-racer and PythonMonkey, compared."""
