# Sourced by the demo scripts (scripts/demo, scripts/demo-vocab, scripts/demo-instruct): their step titles
# and skips. Run from scripts/demo, a nested script gets its step's number in IPT_DEMO_STEP and numbers
# its own steps under it ("1. ..." prints as "2.1 ..."); run on its own, it prints them as written.
# With step_seconds=1 each title also shows the seconds since the script started.
step() {
  local title="$*"
  [ -z "${IPT_DEMO_STEP:-}" ] || title="$IPT_DEMO_STEP.${title/. / }"
  if [ "${step_seconds:-0}" = 1 ]; then
    printf '\n== %s   [%ds]\n' "$title" "$SECONDS"
  else
    printf '\n== %s\n' "$title"
  fi
}
skip() { printf '   (already done: %s)\n' "$*"; }
