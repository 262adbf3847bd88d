#!/bin/sh
# Redraws the README's pictures from the sample archive: a chart from each of two built pages,
# screenshotted in headless Chromium. Usage: tools/readme-pictures.sh (from the repository root).
set -eu
site=target/readme-site
cargo run --release --quiet -- build --output "$site"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
picture() { # page, chart id, output name
  python3 - "$site/$1/index.html" "$2" "$site/assets/style.css" > "$work/$3.html" <<'PY'
import re, sys
page, chart, css = sys.argv[1:]
html = open(page, encoding="utf-8").read()
figure = re.search(r'<figure class="chart" id="%s">.*?</figure>' % re.escape(chart), html, re.S).group(0)
figure = re.sub(r"<details>.*?</details>|<p class=\"download\">.*?</p>", "", figure, flags=re.S)
print('<!doctype html><meta charset="utf-8"><style>%s body{margin:0;padding:12px 16px}</style><main>%s</main>'
      % (open(css, encoding="utf-8").read(), figure))
PY
  chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$work/profile" \
    --window-size=832,"$4" --screenshot="docs/images/$3.png" "file://$work/$3.html" 2>/dev/null
}
picture teams/payments pages-last-52-weeks payments-pages 520
picture slos/tracking-freshness budget-1 tracking-freshness-budget 500
echo "wrote docs/images/payments-pages.png and docs/images/tracking-freshness-budget.png"
