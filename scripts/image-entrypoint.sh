#!/bin/sh
# The image's entrypoint: `ironlb controller | speaker | dashboard`. The controller and the
# speaker hold little (tens of MB of live objects), so they run with a 1 MB young generation and
# V8's size optimisations: at 1,000 services the speaker's RSS falls from ~110 to ~85-95 MB
# (BENCHMARKS.md). The dashboard keeps V8's defaults, which serve 10,000-row lists faster.
case "$1" in
  controller | speaker) exec node --max-semi-space-size=1 --optimize-for-size /app/dist/cli/ironlb.mjs "$@" ;;
  *) exec node /app/dist/cli/ironlb.mjs "$@" ;;
esac
