#!/usr/bin/env bash
# Checks that every relative link in the project's Markdown (README.md, docs/, sql/README.md) points at a file or
# folder that exists, and that a link's #anchor names a heading of the file it points at (GitHub's slugs:
# lower case, punctuation dropped, spaces to hyphens). External links (http:, https:, mailto:) are not fetched.
set -euo pipefail
cd "$(dirname "$0")/.."

slugs() { # $1 = a Markdown file: the anchors of its headings, outside code fences
  awk '/^```/ { fence = !fence; next } !fence && /^#+ / { sub(/^#+ +/, ""); print }' "$1" \
    | tr 'A-Z' 'a-z' | sed -e 's/[^a-z0-9 _-]//g' -e 's/ /-/g'
}

failed=0
for md in README.md docs/*.md sql/README.md; do
  [[ -f "$md" ]] || continue
  dir="$(dirname "$md")"
  # [text](target): the target up to the closing parenthesis, outside code fences and inline code
  while IFS= read -r target; do
    case "$target" in http:*|https:*|mailto:*) continue ;; esac
    path="${target%%#*}"
    anchor=""; [[ "$target" == *"#"* ]] && anchor="${target#*#}"
    if [[ -z "$path" ]]; then file="$md"; else file="$dir/$path"; fi
    if [[ ! -e "$file" ]]; then
      echo "check-links: $md: '$target': no such file or folder ($file)" >&2; failed=1; continue
    fi
    if [[ -n "$anchor" ]] && ! slugs "$file" | grep -qx -- "$anchor"; then
      echo "check-links: $md: '$target': no heading '#$anchor' in $file" >&2; failed=1
    fi
  done < <(awk '/^```/ { fence = !fence; next } !fence { gsub(/`[^`]*`/, ""); print }' "$md" \
             | grep -o '\]([^)[:space:]]*)' | sed -e 's/^](//' -e 's/)$//')
done
if (( failed )); then exit 1; fi
echo "check-links: every relative link resolves"
