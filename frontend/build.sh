#!/usr/bin/env bash
# Build GOV.UK Frontend (version pinned in package.json / package-lock.json)
# into ../static/govuk/, without the crown images and without GDS Transport.
#
# Usage: frontend/build.sh   (from any directory)
#
# static/govuk/ is rebuilt from scratch on every run, so a refresh leaves
# nothing stale behind.
set -euo pipefail

FRONTEND_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"
PROJECT_DIR="$(dirname -- "$FRONTEND_DIR")"
STATIC_DIR="$PROJECT_DIR/static"
OUT_DIR="$STATIC_DIR/govuk"

cd "$FRONTEND_DIR"

# 1. Exact dependency tree from package-lock.json (node_modules stays here).
npm ci --no-audit --no-fund --ignore-scripts

PKG="$FRONTEND_DIR/node_modules/govuk-frontend"
DIST="$PKG/dist/govuk"
SASS="$FRONTEND_DIR/node_modules/.bin/sass"

GOVUK_VERSION="$(node -p 'require("./node_modules/govuk-frontend/package.json").version')"
SASS_VERSION="$("$SASS" --version)"
if [[ "$GOVUK_VERSION" != "5.14.0" ]]; then
  echo "build.sh: expected govuk-frontend 5.14.0, found $GOVUK_VERSION" >&2
  exit 1
fi

# Build into a staging directory next to the target, then swap it in, so a
# failed build never leaves static/govuk/ half-written.
mkdir -p "$STATIC_DIR"
STAGE="$(mktemp -d "$STATIC_DIR/.govuk-build.XXXXXX")"
trap 'rm -rf -- "$STAGE"' EXIT

# 2. CSS. --quiet-deps hides deprecation warnings raised inside
# node_modules; --silence-deprecation=import hides the one warning for the
# @import in portal.scss itself (the import form the 5.x README documents).
"$SASS" \
  --load-path=node_modules \
  --style=compressed \
  --no-source-map \
  --quiet-deps \
  --silence-deprecation=import \
  portal.scss "$STAGE/govuk-frontend.min.css"

# 3. JavaScript (ES module exporting initAll). The source map is copied too:
# the .js ends with a sourceMappingURL comment pointing at it, and Django's
# manifest static storage fails collectstatic on a missing referenced file.
cp "$DIST/govuk-frontend.min.js" "$STAGE/govuk-frontend.min.js"
cp "$DIST/govuk-frontend.min.js.map" "$STAGE/govuk-frontend.min.js.map"

# 4. Images, leaving out everything that shows the crown. In 5.14.0 that is
# every file in dist/govuk/assets/images/: the favicons, mask icon, the
# apple-touch/PWA icons (govuk-icon-*), the crest and the Open Graph image.
# The rebrand/ copies of the same files are not used at all. Fonts are never
# copied (no GDS Transport).
is_crown_image() {
  case "$1" in
    favicon.* | govuk-crest* | govuk-icon-* | govuk-opengraph-image* | *crown*) return 0 ;;
    *) return 1 ;;
  esac
}

copied_images=()
shopt -s nullglob
for src in "$DIST/assets/images/"*; do
  name="$(basename -- "$src")"
  if is_crown_image "$name"; then
    continue
  fi
  mkdir -p "$STAGE/assets/images"
  cp "$src" "$STAGE/assets/images/$name"
  copied_images+=("$name")
done
shopt -u nullglob

# 5. manifest.json only if every icon it lists was copied (in 5.14.0 it lists
# only crown icons, so it is skipped).
MANIFEST="$DIST/assets/manifest.json"
if [[ -f "$MANIFEST" ]]; then
  missing="$(node -e '
    const fs = require("fs"), path = require("path");
    const [manifest, assetsDir] = process.argv.slice(1);
    const icons = JSON.parse(fs.readFileSync(manifest, "utf8")).icons || [];
    const gone = icons.map(i => i.src)
      .filter(src => !fs.existsSync(path.join(assetsDir, src)));
    process.stdout.write(gone.join(" "));
  ' "$MANIFEST" "$STAGE/assets")"
  if [[ -z "$missing" ]]; then
    mkdir -p "$STAGE/assets"
    cp "$MANIFEST" "$STAGE/assets/manifest.json"
  else
    echo "build.sh: skipping assets/manifest.json (references left-out crown icons: $missing)"
  fi
fi

# 6. Licence. govuk-frontend 5.14.0 on npm ships no LICENSE.txt, so if none is
# present, record the licence the package itself declares (package.json
# "license" and the README's Licence section) rather than inventing text.
LICENSE_SRC=""
for candidate in LICENSE.txt LICENSE LICENSE.md; do
  if [[ -f "$PKG/$candidate" ]]; then
    LICENSE_SRC="$PKG/$candidate"
    break
  fi
done
if [[ -n "$LICENSE_SRC" ]]; then
  cp "$LICENSE_SRC" "$STAGE/LICENSE.txt"
else
  {
    echo "govuk-frontend $GOVUK_VERSION"
    echo "License (package.json): $(node -p 'require("./node_modules/govuk-frontend/package.json").license')"
    echo "Source: https://github.com/alphagov/govuk-frontend"
    echo
    echo "The npm package ships no licence file; its README says:"
    echo
    sed -n '/^## Licence/,/^## /{/^## Contribution/d;p}' "$PKG/README.md"
  } > "$STAGE/LICENSE.txt"
fi

# 7. VERSION. Honour SOURCE_DATE_EPOCH for reproducible builds.
BUILD_DATE="$(date -u ${SOURCE_DATE_EPOCH:+-d "@$SOURCE_DATE_EPOCH"} +%Y-%m-%dT%H:%M:%SZ)"
{
  echo "govuk-frontend $GOVUK_VERSION"
  echo "sass $SASS_VERSION"
  echo "built $BUILD_DATE"
} > "$STAGE/VERSION"

# 8. Swap the fresh build in place of the old one.
chmod 755 "$STAGE"
rm -rf -- "$OUT_DIR"
mv -- "$STAGE" "$OUT_DIR"
trap - EXIT

echo "build.sh: built $OUT_DIR (govuk-frontend $GOVUK_VERSION, sass $SASS_VERSION;" \
  "images copied: ${#copied_images[@]})"
