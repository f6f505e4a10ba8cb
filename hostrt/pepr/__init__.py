"""The Pepr edge: admission CLI, watch replay, the store, schedules."""
