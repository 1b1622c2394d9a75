#!/bin/sh
# The image's entrypoint: `ironlb controller | speaker | dashboard`. The controller and the
# speaker hold little (tens of MB of live objects), so they run with a 1 MB young generation and
# V8's size optimisations: at 1,000 services the speaker's RSS falls from ~110 to ~85-95 MB
# (BENCHMARKS.md). The dashboard runs with what `npm start` gives it (scripts/dashboard-process.json):
# a heap that grows by half of what is live, not up to 4x, a smaller young generation, no memory
# reducer, and two malloc arenas (docs/architecture.md, "Memory at rest").
case "$1" in
  controller | speaker) exec node --max-semi-space-size=1 --optimize-for-size /app/dist/cli/ironlb.mjs "$@" ;;
  dashboard) MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} exec node --heap-growing-percent=50 --max-semi-space-size=8 --no-memory-reducer /app/dist/cli/ironlb.mjs "$@" ;;
  *) exec node /app/dist/cli/ironlb.mjs "$@" ;;
esac
