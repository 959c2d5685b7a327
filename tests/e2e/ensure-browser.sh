#!/usr/bin/env bash
# Browser tests need Debian's Chromium and a CJK font (without one, Chinese draws as boxes);
# the report PDF test needs poppler-utils.
# Installs what is missing (these machines run as root) and says so; never skips silently.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
# (not grep -q: under pipefail its early exit would fail fc-list with SIGPIPE and read as missing)
fc-list 2>/dev/null | grep -i 'wenquanyi\|wqy' >/dev/null || missing+=(fonts-wqy-zenhei)
# The report PDF test reads the PDF's text and page count (pdftotext, pdfinfo).
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)

if [ ${#missing[@]} -eq 0 ]; then
  echo "chromium, a CJK font and poppler-utils are installed"
  exit 0
fi

echo "installing ${missing[*]} for the browser tests (apt-get)…"
if [ "$(id -u)" -ne 0 ]; then
  echo "error: ${missing[*]} missing and not running as root; install them: apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
echo "installed ${missing[*]}"
