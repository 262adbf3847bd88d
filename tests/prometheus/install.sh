#!/usr/bin/env bash
# Installs Debian's `prometheus` package (the server and promtool) when either is missing, for
# tests/prometheus.rs: the import is tested against a real server, never skipped. Needs root (or
# sudo) and Debian's package mirror; fails with a message otherwise.
set -euo pipefail
if command -v prometheus >/dev/null && command -v promtool >/dev/null; then
  exit 0
fi
echo "prometheus tests: installing Debian's prometheus package" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "prometheus tests: not root and no sudo: install the prometheus package" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
# --no-install-recommends: the server and promtool only, not the node exporter.
{ $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends prometheus >/dev/null; } \
  || { echo "prometheus tests: apt-get install prometheus failed" >&2; exit 1; }
command -v prometheus >/dev/null && command -v promtool >/dev/null \
  || { echo "prometheus tests: the package did not install prometheus and promtool" >&2; exit 1; }
