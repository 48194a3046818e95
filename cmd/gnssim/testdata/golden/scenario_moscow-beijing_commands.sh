#!/bin/sh
# Scenario "GLONASS vs BeiDou over Moscow and Beijing" (examples/scenarios/moscow-beijing.yaml), as gnssim 0.1.0-dev ran it:
# each line writes some of the outputs; run from the folder gnssim run was started in.
set -e
mkdir -p out/moscow-beijing
gnssim compare --systems glonass,beidou --start 2026-03-19T00:00:00Z --duration 24h --step 1m --site moscow --site beijing --mask 10 --clock per-system --weighting none --pdop-max 6 --format table -o out/moscow-beijing/compare-sites.txt
gnssim compare --systems glonass,beidou --start 2026-03-19T00:00:00Z --duration 24h --step 1m --site moscow --site beijing --mask 10 --clock per-system --weighting none --pdop-max 6 --format csv -o out/moscow-beijing/compare-sites.csv
gnssim dop --systems glonass,beidou --start 2026-03-19T00:00:00Z --duration 24h --step 1m --site moscow --site beijing --mask 10 --clock per-system --weighting none --format csv -o out/moscow-beijing/dop.csv --plot out/moscow-beijing/dop.png
gnssim skyplot --systems glonass,beidou --start 2026-03-19T00:00:00Z --duration 24h --step 1m --site moscow --mask 10 --plot out/moscow-beijing/skyplot-moscow.png
gnssim skyplot --systems glonass,beidou --start 2026-03-19T00:00:00Z --duration 24h --step 1m --site beijing --mask 10 --plot out/moscow-beijing/skyplot-beijing.png
gnssim groundtrack --systems glonass,beidou --start 2026-03-19T00:00:00Z --duration 24h --step 1m --plot out/moscow-beijing/groundtrack.png
gnssim catalog --systems glonass,beidou --at 2026-03-19T00:00:00Z --format csv -o out/moscow-beijing/catalog.csv
