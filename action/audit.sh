#!/usr/bin/env bash
# The shell steps of action.yml, kept here so tests can run them outside GitHub with the GITHUB_*
# variables pointing at temporary files.
#   audit.sh install   install the auditor from the action's own checkout ($GITHUB_ACTION_PATH)
#   audit.sh audit     audit ET_PATH; write SARIF, the JSON audit and the job summary; record the gate
#   audit.sh gate      fail the job when the recorded gate failed (after SARIF has been uploaded)
set -euo pipefail

PY="${ET_PYTHON:-python3}"

abspath() {  # the CLI resolves relative paths against the audited repository; CI means the workspace
  case "$1" in /*) printf '%s\n' "$1" ;; *) printf '%s/%s\n' "$(pwd)" "$1" ;; esac
}

case "${1:-}" in
  install)
    "$PY" -m pip install --quiet --disable-pip-version-check "${GITHUB_ACTION_PATH:?not set}"
    "$PY" -m experiment_tracking --version
    ;;
  audit)
    tmp="${RUNNER_TEMP:-${TMPDIR:-/tmp}}"
    sarif="$(abspath "${ET_SARIF:-experiment-tracking.sarif}")"
    json="$(abspath "${ET_JSON:-$tmp/experiment-tracking.json}")"
    args=(audit "${ET_PATH:-.}" --sarif-file "$sarif" --json-file "$json")
    if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then args+=(--summary-file "$GITHUB_STEP_SUMMARY"); fi
    if [ -n "${ET_REPORT:-}" ]; then args+=(-o "$(abspath "$ET_REPORT")"); else args+=(--no-report); fi
    if [ -n "${ET_FAIL_UNDER:-}" ]; then args+=(--fail-under "$ET_FAIL_UNDER"); fi
    if [ -n "${ET_FAIL_ON:-}" ]; then args+=(--fail-on "$ET_FAIL_ON"); fi
    if [ -n "${ET_BASELINE:-}" ]; then args+=(--baseline "$(abspath "$ET_BASELINE")"); fi
    if [ -n "${ET_ARGS:-}" ]; then read -r -a extra <<< "$ET_ARGS"; args+=("${extra[@]}"); fi
    set +e
    "$PY" -m experiment_tracking "${args[@]}"
    status=$?
    set -e
    if [ "$status" -gt 1 ]; then
      echo "::error title=experiment-tracking::the audit could not run (exit $status)"
      exit "$status"
    fi
    score="$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["scorecard"]["total"])' "$json")"
    if [ -n "${GITHUB_OUTPUT:-}" ]; then
      { echo "score=$score"; echo "sarif=$sarif"; echo "json=$json"; echo "gate=$status"; } >> "$GITHUB_OUTPUT"
    fi
    echo "experiment-tracking: score $score/30, gate $([ "$status" -eq 0 ] && echo passed || echo failed)"
    ;;
  gate)
    if [ "${ET_GATE:-0}" != "0" ]; then
      echo "::error title=experiment-tracking::the gate failed (see the job summary)"
      exit 1
    fi
    ;;
  *)
    echo "usage: $0 install|audit|gate" >&2
    exit 2
    ;;
esac
