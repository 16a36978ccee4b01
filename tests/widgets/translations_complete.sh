#!/usr/bin/env bash
# Every string the workbench shows has a German and a Korean translation: lupdate reads the sources into
# copies of the .ts files, and any message it finds untranslated (a new or changed string) fails the
# test, listed. `ninja update_translations` brings the new strings into the .ts files to translate.
#   translations_complete.sh LUPDATE SOURCE_DIR
set -euo pipefail
lupdate="$1"
source_dir="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0
for language in de ko; do
  cp "$source_dir/translations/ipt_workbench_$language.ts" "$work/$language.ts"
  "$lupdate" -silent -no-obsolete -locations none "$source_dir/widgets" "$source_dir/app/workbench" \
    -extensions h,cpp -ts "$work/$language.ts" >/dev/null 2>&1
  missing="$(grep -c 'type="unfinished"' "$work/$language.ts" || true)"
  if [ "$missing" != "0" ]; then
    echo "translations/ipt_workbench_$language.ts: $missing strings without a translation:"
    grep -B2 'type="unfinished"' "$work/$language.ts" | sed -n 's/.*<source>\(.*\)<\/source>.*/  \1/p'
    status=1
  fi
done
exit $status
