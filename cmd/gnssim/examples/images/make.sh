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
$g integrity --site moscow --plot $out/integrity-moscow.png -o /dev/null
$g integrity --grid 3 --step 10m --service LPV-250 --plot $out/integrity-lpv250-map.png -o /dev/null
$g spectrum psd --band L1 --plot $out/spectrum-psd-l1.png
$g spectrum cn0 --grid 2 --victim B1C --step 5m --plot $out/spectrum-cn0-b1c-map.png -o /dev/null
$g accuracy --ref-sp3 ephemeris/sp3/testdata/Sta21114.sp3.gz --nav ephemeris/rinex/testdata/ESBC00DNK_R_20201770000_01D_MN.rnx.gz --step 30s --by system --plot $out/accuracy-broadcast-iac.png -o /dev/null
