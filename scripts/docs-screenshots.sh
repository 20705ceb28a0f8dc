#!/usr/bin/env bash
# Copies the README's screenshots from the end-to-end suite's output (e2e/screenshots, written by
# `npm run test:e2e` after `npm run build`) to docs/screenshots, so the README shows what the suite
# saw. Run it after the suite when the screens change, and commit the result.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p docs/screenshots
for name in accounts-1280 dark-accounts account-drawer ko-accounts-light ko-settings-dark ko-accounts-drawer-dark-1024 fr-accounts \
  members-team members-approve audit-filtered; do
  cp "e2e/screenshots/$name.png" "docs/screenshots/$name.png"
done
echo "docs/screenshots: $(ls docs/screenshots | wc -l) screenshots copied from e2e/screenshots"
