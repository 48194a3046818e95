// Package celestrak downloads current GNSS element sets from CelesTrak's GP
// service into a local cache, carefully.
//
// CelesTrak (https://celestrak.org) publishes the U.S. Space Force general
// perturbations (GP) element sets by group at
//
//	https://celestrak.org/NORAD/elements/gp.php?GROUP=<group>&FORMAT=<format>
//
// A [Client] fetches one group in one format, validates the answer before it
// replaces anything, and keeps it under a cache directory (by default
// os.UserCacheDir()/gnssim/celestrak, which honours XDG_CACHE_HOME on Linux)
// as <group>.<format> plus a small sidecar <group>.<format>.meta.json holding
// the URL, the UTC fetch time, the SHA-256 of the data, the number of element
// sets and the HTTP Last-Modified/ETag validators.
//
// # Being a good client
//
// CelesTrak refreshes the GP data about every 2 hours and asks clients not to
// download the same group more than once per update cycle; abusive addresses
// are answered 403 Forbidden. Therefore:
//
//   - a cached copy younger than Client.MaxAge (default 2 h) is served without
//     any request;
//   - a refresh is a conditional request (If-None-Match / If-Modified-Since);
//     304 Not Modified keeps the cached file and only renews its fetch time;
//   - 403 is never retried; the server's message is returned with a hint that
//     CelesTrak may be rate-limiting this address;
//   - 429 and 5xx are retried a few times with deterministic exponential
//     backoff (2 s, 4 s, 8 s, ... capped at 1 min), honouring Retry-After
//     (seconds or HTTP date) up to 5 min; a longer Retry-After fails at once;
//   - the User-Agent names gnssim honestly.
//
// # Validation and atomicity
//
// A downloaded body must be non-empty, must not be an HTML page or one of
// CelesTrak's plain-text error answers ("No GP data found", "Invalid
// query..."), must be in the requested format (ephemeris.DetectFormat), and
// must parse with ephemeris.ReadAll in strict mode into at least one element
// set; a JSON array must be closed and a TLE file must end on a complete
// line 2, so that a download cut half-way through a record is refused. Only
// then is it written to a temporary file in the cache directory, fsynced and
// renamed into place, followed by its metadata (also written atomically). A
// failed, partial or invalid download therefore never replaces a good cached
// file.
//
// # Group names
//
// [ResolveGroup] maps friendly names to CelesTrak groups:
//
//	glonass (glo, R)      -> glo-ops   GLONASS operational
//	beidou  (bds, C)      -> beidou    BeiDou
//	gps     (navstar, G)  -> gps-ops   GPS operational
//	galileo (gal, E)      -> galileo   Galileo
//	sbas    (S)           -> sbas      SBAS (WAAS, EGNOS, MSAS, GAGAN, ...)
//	qzss    (J)           -> gnss      CelesTrak has no QZSS group; gnss holds all GNSS
//	navic   (irnss, I)    -> gnss      CelesTrak has no NavIC/IRNSS group; likewise
//
// CelesTrak group names (gnss, gps-ops, glo-ops, galileo, beidou, sbas, nnss,
// musson, or any other group such as active) are accepted as they are. The
// gnss group mixes every system, so a caller that asked for qzss or navic
// must select its satellites after parsing (package ephemeris identifies
// each element set's system).
//
// Formats are json (OMM JSON, the default), csv (OMM CSV), xml (CCSDS OMM
// XML) and tle (CelesTrak's 3-line TLE; "3le" is accepted as an alias).
package celestrak
