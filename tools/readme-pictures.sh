#!/bin/sh
# Redraws the README's pictures from the sample archive: a chart from each of two built pages and
# three slides of the newest week, screenshotted in headless Chromium. Usage:
# tools/readme-pictures.sh (from the repository root).
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
slide() { # slide number, output name: the newest week's slides at 1280×720, as a projector shows them
  week=$(ls "$site/reviews" | grep -E '^[0-9]{4}-W[0-9]{2}$' | sort | tail -n 1)
  chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$work/profile" \
    --window-size=1280,720 --screenshot="docs/images/$2.png" \
    "file://$(pwd)/$site/reviews/$week/slides/index.html#$1" 2>/dev/null
}
slide 1 slides-title
slide 4 slides-team
slide 8 slides-incident
echo "wrote docs/images/payments-pages.png, docs/images/tracking-freshness-budget.png and docs/images/slides-{title,team,incident}.png"
