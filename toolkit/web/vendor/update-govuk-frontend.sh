#!/usr/bin/env bash
# Re-vendor GOV.UK Frontend into toolkit/web/static/govuk/ (a developer's step, never run at install).
# The version is pinned to the one govuk-frontend-jinja (pyproject.toml) is tested against.
set -euo pipefail
VERSION=6.3.0
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm install --silent --no-save "govuk-frontend@$VERSION" sass@1
node_modules/.bin/sass --no-source-map --style=compressed --load-path=node_modules/govuk-frontend/dist \
  "$here/govuk-sendkit.scss" "$here/../static/govuk/govuk-frontend.min.css"
cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js "$here/../static/govuk/"
echo "GOV.UK Frontend $VERSION vendored"
