#!/usr/bin/env bash
# Regenerates the README's pictures with gnssim itself, on the built-in data.
# Run from the repository root: bash cmd/gnssim/examples/images/make.sh
set -euo pipefail
out=cmd/gnssim/examples/images
go build -o /tmp/gnssim-readme ./cmd/gnssim
g=/tmp/gnssim-readme
$g compare --site beijing --site moscow --out /tmp/gnssim-readme-cmp > $out/compare.txt
cp /tmp/gnssim-readme-cmp/dop-beijing.png $out/dop-beijing.png
$g skyplot --site moscow --duration 12h --plot $out/skyplot-moscow.png
$g coverage --grid 2 --step 5m --plot $out/coverage-mean-pdop.png -o /dev/null
$g coverage --grid 2 --step 5m --systems glonass --plot-quantity mean_pdop --plot $out/coverage-glonass-mean-pdop.png -o /dev/null
$g groundtrack --duration 6h --plot $out/groundtrack.png
