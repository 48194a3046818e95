package main

// The --help texts of the commands.

const catDescription = `The element sets loaded: NORAD number, name, system, PRN or GLONASS slot
(R01-R27), GLONASS frequency channel when known, orbit type, epoch, age at
--at, status and, for a non-operational set, the reason (from the PRN
catalog's basis and confidence), then every element set that was refused, with
file:line and the reason.

--at (default: 00:00 UTC of the day of the newest epoch loaded, the default
start of the other commands, so that the listing is reproducible) is the time
at which the satellites are identified (slot/PRN assignments change) and their
age (at minus epoch, in days; negative when the elements are used before
their epoch) is computed.

Rows: the element sets of --systems (--all: every system, and element sets of
no navigation system), operational or not (--include-nonoperational has no
effect here), ordered by system, PRN and NORAD number; then the refused
records. With --strict a refused element set is an error (exit 1).

CSV columns: norad,name,system,prn,glonass_channel,orbit,epoch_utc,age_days,
status,reason,confidence,source; status is operational, non-operational or
refused (refused records carry only what could be read, often just the source
file:line and the reason). Ages have 3 decimals (86 s). JSON: one document
{"at_utc":...,"element_sets":[...],"refused":[...]} that also carries each
identity's full basis; table (the default): aligned columns, then the refused
records.`

const catExample = `gnssim catalog
gnssim catalog --all --format csv -o catalog.csv`

const cmpDescription = `Compare each selected system alone and all of them combined, side by side:
per site (or over a region), the mean and minimum number of visible
satellites, the mean and 95th-percentile PDOP, the availability (share of
epochs with PDOP ≤ --pdop-max) and the gain of the combination over the best
single system (availability in percentage points; mean-PDOP ratio = best
single system's mean PDOP ÷ the combination's, > 1 when the combination is
better).

Sites: --site NAME|LAT,LON[,HEIGHT_M] (repeatable). Region: --region
LATMIN,LATMAX,LONMIN,LONMAX (degrees, edges on the --grid lines) with --grid
DEG cells; every cell weighs the same, the minimum is over all cells and
epochs, and the region's percentiles come from a PDOP histogram with 0.01 bins
(at most 0.01 above the exact value).

--format table (default) prints a readable report; csv prints the summary
(compare.csv below); json prints one document with the same numbers (null for
an unavailable PDOP).

--out DIR writes (atomically, creating DIR):
  compare.txt        the report as printed with --format table
  compare.csv        the summary, one row per site (or the region) and variant:
                     sites:  site,lat_deg,lon_deg,height_m,variant,epochs,pdop_epochs,
                     region: lat_min_deg,lat_max_deg,lon_min_deg,lon_max_deg,cell_deg,cells,
                             variant,cell_epochs,pdop_cell_epochs,
                     then:   mean_visible,min_visible,mean_pdop,p50_pdop,p95_pdop,
                             availability_pct,availability_gain_pp,gain_vs,
                             mean_pdop_ratio,ratio_vs
                     (the last four only on the combination's row, empty otherwise)
  dop-SITE.csv       per site, one row per epoch: site,time_utc,n_visible (all
                     selected systems), n_<system> per system, then one DOP set
                     gdop_<v>,pdop_<v>,hdop_<v>,vdop_<v>,tdop_<v> per variant v
                     (each system alone, then the combination, e.g. glonass_beidou)
  dop-SITE.png       PDOP and visible satellites, each system alone and combined
  skyplot-SITE.png   the site's sky tracks over the period
  region-cells.csv   (region) variant,lat_deg,lon_deg,mean_visible,min_visible,
                     max_visible,mean_pdop,max_pdop,availability_pct per cell
  pdop-<v>.png, availability-<v>.png  (region) maps per variant
Numbers: DOP and visible-count means 3 decimals, percentages 3 decimals,
angles 4 decimals, NaN where the PDOP is unavailable.`

const cmpExample = `gnssim compare --site beijing --site moscow
gnssim compare --site moscow --duration 7d --step 5m --out moscow-week
gnssim compare --region 20,60,70,140 --grid 5 --format csv`

const covDescription = `Coverage map: for every cell of a latitude/longitude grid (cell centres on the
WGS-84 ellipsoid, height 0) and every epoch of the period, the satellites of the
selected systems visible above the mask and the PDOP of their combination; per
cell, the mean/min/max visible count, the mean and max PDOP (over the epochs
where it is available) and the availability (fraction of all epochs with PDOP
available and ≤ --pdop-max).

Grid: --grid DEG must divide 180; cell centres run from -90+DEG/2 to 90-DEG/2 in
latitude and -180+DEG/2 to 180-DEG/2 in longitude. --region LATMIN,LATMAX,LONMIN,LONMAX
keeps the cells inside a box whose edges lie on the global grid lines (-90 + k·DEG,
-180 + k·DEG); LONMAX may exceed 180 (up to 360) for a box across the antimeridian.

Output (stdout or -o FILE, written atomically): one row per cell, lat ascending
then lon ascending. CSV columns
  lat_deg,lon_deg,mean_visible,min_visible,max_visible,mean_pdop,max_pdop,availability
with angles to 4 decimals, mean visible and PDOP to 3, availability (a fraction
0..1) to 4, and NaN for a PDOP never available. --format json writes one
document: the run's provenance and parameters ("run"), a region summary (each
cell counted equally; p50/p95 PDOP from a histogram, 0.01 wide below 100: the
upper edge of the bin holding the nearest rank) and the cells, with null for an
unavailable PDOP. --format table
is the same, aligned, for people.

--plot FILE.png|.svg draws a map of --plot-quantity with the coastlines. The
default is mean_pdop: for combined constellations the availability is often
100% almost everywhere, while the mean PDOP still shows where the geometry is
good (bright) or poor (dark); PDOPs above --pdop-max take the end colour.

Sharding (for a cluster scheduler): --shard I/N computes the rows of shard I
(0-based: 0 ≤ I < N, like Kubernetes' JOB_COMPLETION_INDEX, or Slurm's
SLURM_ARRAY_TASK_ID with --array=0-(N-1)) — grid rows split into N contiguous
blocks, south to north, some empty when N exceeds the rows — into the
self-describing JSON shard file -o FILE (required). 'gnssim merge' joins the N
files into exactly the bytes one run writes. See examples/cluster/.

Limits: before any work, the memory (cells × 96 B + satellites × epochs × 25 B)
and the work (cells × epochs) of this process are estimated; above 4 GiB or
5e10 cell-epochs the run is refused (exit 2) unless --force.`

const covExample = `gnssim coverage --grid 10 --duration 6h --step 10m -o coverage.csv --plot coverage.png
gnssim coverage --grid 10 --duration 6h --step 10m --shard 0/2 -o shard-0.json
gnssim coverage --grid 10 --duration 6h --step 10m --shard 1/2 -o shard-1.json`

const dopDescription = `DOP time series at one or more sites for one set of systems, used together
(the combination of every system of --systems, with --clock receiver clock
unknowns): one row per site and epoch, site after site.

CSV columns: site,time_utc,n_visible,gdop,pdop,hdop,vdop,tdop then n_<system>
for each system of --systems (e.g. n_glonass,n_beidou). n_visible counts the
satellites strictly above the mask; DOP values have 3 decimals and are NaN
(JSON: null; table: n/a) when unavailable (fewer satellites than unknowns or a
singular geometry). TDOP is that of the first clock: with --clock per-system
the clock of the first system of --systems with a visible satellite. JSON: one
document {"systems":...,"sites":[...],"rows":[...]}.

--plot FILE.png|FILE.svg draws PDOP (top, gaps where unavailable) and the
visible count (bottom) of each system alone and of the combination. With one
site the figure is FILE; with several, one figure per site named FILE-SITE.png
(or .svg), SITE being the site name with characters other than letters,
digits, '.', '_' and '-' replaced by '_'.`

const dopExample = `gnssim dop --site beijing --duration 2h --step 10m --format table
gnssim dop --site moscow --site 45.0,126.5 --plot dop.png -o dop.csv`

const gtDescription = `Draw the ground tracks of every satellite of the selected systems: the
sub-satellite points (WGS-84 geodetic latitude and longitude of the SGP4
position in the Earth-fixed frame) over the period, coloured by system and
labelled with the PRN at the last point, on the world map with coastlines.
The default step of this command is 5 minutes (not the common 60 s): a MEO
satellite moves about 1.5° in 5 min, so the tracks stay smooth, and the table
of a day stays small (289 rows per satellite). In 24 h, a GLONASS satellite
draws a little over two revolutions, a BeiDou MEO almost two, an IGSO a
figure eight and a GEO a point; the whole GLONASS+BeiDou constellation then
covers the map between ±65° of latitude, so for a figure that shows the
geometry choose a few hours (--duration 6h) or one system (--systems beidou).

--plot FILE.png|.svg writes the map (atomically); --region
LATMIN,LATMAX,LONMIN,LONMAX zooms it to a box (the table is not filtered).
--format csv|json|table writes the table to stdout, or to -o FILE (atomically):
  prn,system,time_utc,lat_deg,lon_deg,alt_km
one row per satellite and epoch, satellites in --systems order then PRN,
then time; latitude and east-positive longitude ([-180, 180)) 4 decimals,
ellipsoidal height in km 6 decimals (1 mm). An epoch at which SGP4 fails gets
no row. At least one of --plot, --format or -o is required.`

const gtExample = `gnssim groundtrack --duration 6h --plot tracks.png
gnssim groundtrack --systems beidou --duration 12h --format csv -o beidou-tracks.csv`

const mergeDescription = `Merge coverage shards (written by 'gnssim coverage --shard I/N -o FILE') into
the output a single 'gnssim coverage' run with the same parameters writes, byte
for byte: CSV (default), JSON or table, on stdout or into -o FILE (atomically),
and optionally the map (--plot, --plot-quantity as for coverage).

The shards may be given in any order (e.g. shards/shard-*.json), but must be
exactly the N shards 0..N-1 of one run: merge refuses, naming the file and the
field, shards from different gnssim versions, element sets (digest), systems,
grid, region, period, mask, clock, weighting or --pdop-max, a missing shard
index and a duplicated one. An argument with * ? or [ that names no file is
expanded by merge itself (filepath.Glob), for containers without a shell.`

const mergeExample = `gnssim merge shard-0.json shard-1.json -o coverage.csv --plot coverage.png`

const propDescription = `Positions and velocities of satellites as a table, one row per satellite and
time, satellite after satellite.

Frames: teme (SGP4's true-equator mean-equinox frame), ecef (Earth-fixed:
TEME rotated by GMST82, UT1 = UTC, no polar motion; the default) or geodetic
(WGS-84 latitude and longitude in degrees, east-positive, and height above the
ellipsoid in km in place of x, y, z; the velocity columns stay ECEF km/s).

Times: either the epoch grid --start/--duration/--step (UTC), or, for
verification work, --tsince START,STOP,STEP in minutes from each element set's
own epoch: rows at START, START+STEP, ... and always one at STOP, as in
Vallado's SGP4 verification output (a point within 1e-9 of a step of STOP is
STOP itself).

Satellites: those of --systems (default GLONASS and BeiDou; 'all' for every
navigation system) that are operational (add --include-nonoperational for
spares and test satellites). Element sets of no navigation system (e.g. a
Vallado verification case) are not filtered: every one in the input is
propagated. --norad N (repeatable) picks satellites by catalog number
whatever their system or status.

A satellite at which SGP4 fails gets no rows from there on and one line on
stderr with its SGP4 error code and meaning (with --strict the run stops there
with exit code 1). CSV columns:
  norad,name,system,prn,time_utc,tsince_min,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s
(geodetic: lat_deg,lon_deg,alt_km in place of x_km,y_km,z_km). Precision:
positions 1e-6 km, velocities 1e-9 km/s, tsince 1e-8 min, latitude and
longitude 1e-8 deg. JSON: one document {"frame":...,"rows":[...],
"sgp4_failures":[...]}; table: aligned columns.`

const propExample = `gnssim propagate --systems glonass --duration 2h --step 30m --frame geodetic --format table
gnssim propagate --norad 32275 --tsince 0,1440,120 --frame teme`

const skyDescription = `Draw the sky of one site: the azimuth/elevation track of every satellite of
the selected systems above the mask over the period, coloured by system and
labelled with its PRN (GLONASS: slot) at its last visible point, on a polar
grid (north up, east right, zenith in the centre), with the mask shaded.
The default period is the common one (24 h at 60 s), which shows each
satellite's daily pattern (a MEO crosses the sky about twice); use
--duration 12h or fewer --systems for a lighter figure.

--plot FILE.png|.svg writes the figure (atomically). --format csv|json|table
writes a table to stdout, or to -o FILE (atomically):
  prn,system,time_utc,az_deg,el_deg   one row per satellite and epoch above the
                                      mask (angles 4 decimals), satellites in
                                      --systems order then PRN, then time
  with --passes, one row per pass above the mask instead:
  prn,system,rise_utc,set_utc,max_el_deg,rise_open,set_open
    rise/set are the mask crossings, interpolated between epochs and rounded
    to the second; rise_open (set_open) is true when the satellite was already
    up at the start (still up at the end) of the period or at a gap in its
    propagation, and rise_utc (set_utc) is then that epoch.
At least one of --plot, --format or -o is required.`

const skyExample = `gnssim skyplot --site moscow --plot sky-moscow.png
gnssim skyplot --site beijing --duration 12h --passes --format table`
