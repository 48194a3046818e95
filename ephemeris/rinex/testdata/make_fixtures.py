#!/usr/bin/env python3
"""Writes the hand-made RINEX fixtures of this directory from the real file
ESBC00DNK_R_20201770000_01D_MN.rnx.gz (RINEX 3.05, station ESBC, 2020-06-25).

    python3 make_fixtures.py        # run in ephemeris/rinex/testdata

Every orbit and clock value of the fixtures is copied from a record of the
real file (named by its line there); only the layout changes (RINEX 2.11
columns and D exponents, RINEX 4.01 "> EPH" frames, the CNAV/CNV1/CNV2 line
layouts of RINEX 4.01). Values the real file does not have are marked
"synthetic" below and in README.md. The output is deterministic; the Go
tests read the files, they never run this script.
"""

import bz2
import gzip
import math

SRC = "ESBC00DNK_R_20201770000_01D_MN.rnx.gz"
with gzip.open(SRC, "rt") as fh:
    LINES = fh.read().split("\n")


def rec(start, n):
    """The n lines of the record starting at 1-based line `start`."""
    out = LINES[start - 1:start - 1 + n]
    assert out[0][0] != " ", (start, out[0])
    return [l.rstrip("\n") for l in out]


def fields(l, first):
    """The four (or three) 19-column fields of a RINEX 3 line as text."""
    if first:
        return [l[23 + 19 * i:42 + 19 * i] for i in range(3)]
    return [l[4 + 19 * i:23 + 19 * i] for i in range(4)]


def num(s):
    return float(s.replace("D", "e").replace("d", "e")) if s.strip() else None


def e19(v):
    """RINEX 3/4 D19.12 field (lower-case e, as the real file writes)."""
    if v is None:
        return " " * 19
    s = "%.12e" % v
    if not s.startswith("-"):
        s = " " + s
    return s


def d19(v, letter="D"):
    """RINEX 2 D19.12 field with a Fortran D exponent."""
    return e19(v).replace("e", letter)


def line3(vals):
    return ("    " + "".join(e19(v) for v in vals)).rstrip()


def fortran_d(v, width, dec):
    """Fortran Dw.d: 0.dddD+ee."""
    m, e = 0.0, 0
    if v != 0:
        e = math.floor(math.log10(abs(v))) + 1
        m = v / 10 ** e
        if round(abs(m), dec) >= 1:
            m /= 10
            e += 1
    return (("%." + str(dec) + "f") % m + "D%+03d" % e).rjust(width)


def hdr(text, label):
    return "%-60s%-20s" % (text, label)


def write(name, lines, nl="\n"):
    with open(name, "w", newline="") as fh:
        fh.write(nl.join(lines) + nl)


def v3_to_v2(r, letter="D"):
    """A RINEX 3 record as RINEX 2.11 lines (I2 PRN, 2-digit year, F5.1 s)."""
    l0 = r[0]
    prn = int(l0[1:3])
    y, mo, d, h, mi, s = (int(l0[4:8]), int(l0[9:11]), int(l0[12:14]),
                          int(l0[15:17]), int(l0[18:20]), int(l0[21:23]))
    out = ["%2d %02d %2d %2d %2d %2d%5.1f" % (prn, y % 100, mo, d, h, mi, s) +
           "".join(d19(num(f), letter) for f in fields(l0, True))]
    for l in r[1:]:
        out.append(("   " + "".join(d19(num(f), letter) for f in fields(l, False))).rstrip())
    return out


# ---------------------------------------------------------------- RINEX 2.11 GPS
gps2 = [
    hdr("     2.11           N: GPS NAV DATA", "RINEX VERSION / TYPE"),
    hdr("make_fixtures.py    gnssim              20200625 000000 UTC", "PGM / RUN BY / DATE"),
    hdr("Records of ESBC00DNK_R_20201770000_01D_MN.rnx in 2.11 form", "COMMENT"),
    hdr("  " + "".join(fortran_d(v, 12, 4) for v in (4.6566e-09, 1.4901e-08, -5.9605e-08, -1.1921e-07)), "ION ALPHA"),
    hdr("  " + "".join(fortran_d(v, 12, 4) for v in (8.1920e+04, 9.8304e+04, -6.5536e+04, -5.2429e+05)), "ION BETA"),
    hdr("   " + d19(9.3132257462e-10) + d19(2.664535259e-15) + "%9d%9d" % (589824, 2111), "DELTA-UTC: A0,A1,T,W"),
    hdr("    18", "LEAP SECONDS"),
    hdr("", "END OF HEADER"),
]
gps2 += v3_to_v2(rec(15880, 8))          # G01 04:00
gps2 += v3_to_v2(rec(15888, 8), "d")     # G01 06:00, lower-case d exponents
gps2 += v3_to_v2(rec(15936, 8))          # G02 00:00
write("esbc1770.20n", gps2)

# ------------------------------------------------------------ RINEX 2.11 GLONASS
glo2 = [
    hdr("     2.11           G: GLONASS NAV DATA", "RINEX VERSION / TYPE"),
    hdr("make_fixtures.py    gnssim              20200625 000000 UTC", "PGM / RUN BY / DATE"),
    hdr("Records of ESBC00DNK_R_20201770000_01D_MN.rnx in 2.11 form", "COMMENT"),
    hdr("tau_c synthetic (0): the real file has no GLUT line", "COMMENT"),
    hdr("  2020     6    25   " + d19(0.0), "CORR TO SYSTEM TIME"),
    hdr("    18", "LEAP SECONDS"),
    hdr("", "END OF HEADER"),
]
for start in (18056, 18061, 18066, 18711):  # R01 23:15, 23:45, 00:15; R07 23:15
    glo2 += v3_to_v2(rec(start, 4))
# R07 23:45 with t_k written as seconds of day (older RINEX 2 writers):
# 343800 s of the UTC week = Wednesday 23:30:00 = 84600 s of day.
r = v3_to_v2(rec(18716, 4))
r[0] = r[0][:60] + d19(84600.0)
glo2 += r
write("esbc1770.20g", glo2)

# --------------------------------------------------------------- RINEX 3.05 small
small_records = [(15880, 8), (15888, 8), (18056, 5), (18061, 5), (3072, 8), (208, 8),
                 (1304, 8), (17936, 8), (20606, 4)]
small_hdr = LINES[0:10] + [hdr("", "END OF HEADER")]
small = list(small_hdr)
for s, n in small_records:
    small += rec(s, n)
write("esbc-small.rnx", small)
with open("esbc-small.rnx", "rb") as fh:
    data = fh.read()
with open("esbc-small.rnx.bz2", "wb") as fh:
    fh.write(bz2.compress(data, 9))


def small_with(edit):
    """esbc-small.rnx with the edit applied to a copy of its lines."""
    ls = list(small)
    edit(ls)
    return ls


def small_line(start, k):
    """Index in `small` of line k of the record that starts at real line `start`."""
    i = len(small_hdr)
    for s, n in small_records:
        if s == start:
            return i + k
        i += n
    raise KeyError(start)


def put(l, col, text):
    """Overwrite l from 0-based column col with text."""
    l = l.ljust(col + len(text))
    return l[:col] + text + l[col + len(text):]


def bad(name, edit):
    write(name, small_with(edit))


G01 = small_line(15880, 0)
bad("bad-exponent.rnx", lambda ls: ls.__setitem__(G01 + 2, put(ls[G01 + 2], 61, " 5.153707128525e+0x")))
bad("blank-required-field.rnx", lambda ls: ls.__setitem__(G01 + 2, ls[G01 + 2][:61]))
bad("bad-eccentricity.rnx", lambda ls: ls.__setitem__(G01 + 2, put(ls[G01 + 2], 23, " 1.500000000000e+00")))
bad("bad-fractional-week.rnx", lambda ls: ls.__setitem__(G01 + 5, put(ls[G01 + 5], 42, " 2.111500000000e+03")))
bad("bad-epoch.rnx", lambda ls: ls.__setitem__(G01, put(ls[G01], 9, "13")))
bad("bad-satellite.rnx", lambda ls: ls.__setitem__(G01, put(ls[G01], 0, "X01")))
bad("truncated-record.rnx", lambda ls: ls.__delitem__(slice(G01 + 6, G01 + 8)))
bad("extra-line.rnx", lambda ls: ls.insert(G01 + 8, "     0.000000000000e+00"))
R01 = small_line(18056, 0)
bad("bad-glonass-frequency.rnx", lambda ls: ls.__setitem__(R01 + 2, put(ls[R01 + 2], 61, " 2.000000000000e+01")))
E01 = small_line(3072, 0)
bad("bad-galileo-datasource.rnx", lambda ls: ls.__setitem__(E01 + 5, put(ls[E01 + 5], 23, " 0.000000000000e+00")))
bad("orphan-lines.rnx", lambda ls: ls.__setitem__(slice(len(small_hdr), len(small_hdr)), ["     1.000000000000e+00 2.000000000000e+00"] * 2))
bad("bad-header-line.rnx", lambda ls: ls.__setitem__(6, put(ls[6], 5, " 2.35741026x0E-09")))
bad("missing-end-of-header.rnx", lambda ls: ls.__delitem__(len(small_hdr) - 1))
bad("wrong-version.rnx", lambda ls: ls.__setitem__(0, put(ls[0], 0, "     5.00")))
bad("not-navigation.rnx", lambda ls: ls.__setitem__(0, hdr("     3.05           OBSERVATION DATA    M", "RINEX VERSION / TYPE")))
write("header-only.rnx", small_hdr)
with open("empty.rnx", "w") as fh:
    pass
with open("binary.rnx", "wb") as fh:
    fh.write(bytes(range(256)) * 4)

# ---------------------------------------------------------------- RINEX 4.01
def frame(kind, sat, msg, lines):
    return ["> %s %s %s" % (kind, sat, msg)] + lines


def cnav_from_lnav(r):
    """GPS/QZSS CNAV (9 lines, RINEX 4.01) with the LNAV record's orbit:
    A DOT = 0, Delta n0 dot = 0, t_op = t_oe; URAI and ISC synthetic 0."""
    f = [fields(l, i == 0) for i, l in enumerate(r)]
    n = lambda i, j: num(f[i][j])
    return [r[0],
            line3([0.0, n(1, 1), n(1, 2), n(1, 3)]),
            r[2],
            line3([n(3, 0), n(3, 1), n(3, 2), n(3, 3)]),
            r[4],
            line3([n(5, 0), 0.0, 0.0, 0.0]),
            line3([0.0, n(6, 1), n(6, 2), 0.0]),
            line3([0.0, 0.0, 0.0, 0.0]),
            line3([n(7, 0), n(5, 2)])]


def cnv2_from_lnav(r):
    c = cnav_from_lnav(r)
    return c[:8] + [line3([0.0, 0.0])] + [c[8]]


def bds_cnav_from_d1(r, msg):
    """BeiDou B-CNAV1/2 (10 lines, RINEX 4.01) with the D1 record's orbit:
    A DOT = 0, Delta n0 dot = 0, SatType 3 (MEO), t_op = t_oe, SISAI
    synthetic 0, TGD_B1Cp/TGD_B2ap = TGD1/TGD2, IODC = AODC, IODE = AODE."""
    f = [fields(l, i == 0) for i, l in enumerate(r)]
    n = lambda i, j: num(f[i][j])
    out = [r[0], line3([0.0, n(1, 1), n(1, 2), n(1, 3)]), r[2], r[3], r[4],
           line3([n(5, 0), 0.0, 3.0, n(3, 0)]),
           line3([0.0, 0.0, 0.0, 0.0])]
    if msg == "CNV1":
        out.append(line3([0.0, None, n(6, 2), n(6, 3)]))
    else:
        out.append(line3([None, 0.0, n(6, 2), n(6, 3)]))
    out.append(line3([0.0, 0.0, 0.0, n(7, 1)]))
    out.append(line3([n(7, 0), None, None, n(1, 0)]))
    return out


v4 = [
    hdr("     4.01           NAVIGATION DATA     MIXED", "RINEX VERSION / TYPE"),
    hdr("make_fixtures.py    gnssim              20200625 000000 UTC", "PGM / RUN BY / DATE"),
    hdr("Records of ESBC00DNK_R_20201770000_01D_MN.rnx in 4.01 form", "COMMENT"),
    hdr("    18", "LEAP SECONDS"),
    hdr("", "END OF HEADER"),
]
v4 += frame("EPH", "G01", "LNAV", rec(15880, 8))
v4 += frame("EPH", "G01", "CNAV", cnav_from_lnav(rec(15888, 8)))
v4 += frame("EPH", "E01", "INAV", rec(3072, 8))
v4 += frame("EPH", "E01", "FNAV", rec(3064, 8))
v4 += frame("EPH", "R01", "FDMA", rec(18056, 5))
v4 += frame("EPH", "C05", "D2", rec(208, 8))
v4 += frame("EPH", "C06", "D1", rec(416, 8))
v4 += frame("EPH", "C19", "D1", rec(1304, 8))
v4 += frame("EPH", "C19", "CNV1", bds_cnav_from_d1(rec(1304, 8), "CNV1"))
v4 += frame("EPH", "C19", "CNV2", bds_cnav_from_d1(rec(1304, 8), "CNV2"))
v4 += frame("EPH", "J01", "LNAV", rec(17936, 8))
v4 += frame("EPH", "J01", "CNV2", cnv2_from_lnav(rec(17944, 8)))
v4 += frame("EPH", "S23", "SBAS", rec(20606, 4))
# STO from the header's TIME SYSTEM CORR lines (reference time T, week W);
# transmission times synthetic (345600 s, the start of the day).
v4 += frame("STO", "G01", "LNAV", ["    2020 06 27 19 50 24 GPUT                                  UTC(USNO)",
                                   line3([345600.0, 9.3132257462e-10, 2.664535259e-15, 0.0])])
v4 += frame("STO", "E01", "IFNV", ["    2020 06 25 00 00 00 GAGP",
                                   line3([345600.0, 2.3574102670e-09, 3.996802889e-15, 0.0])])
v4 += frame("STO", "R  ", "FDMA", ["    2020 06 25 00 00 00 GLUT                                  UTC(SU)",
                                   line3([345600.0, 0.0, 0.0, 0.0])])
# EOP: synthetic values of plausible size (the real file has none).
v4 += frame("EOP", "G01", "CNVX", ["    2020 06 25 00 00 00" + e19(0.19) + e19(1.0e-3) + e19(0.0),
                                   "    " + " " * 19 + e19(0.41) + e19(-2.0e-3) + e19(0.0),
                                   line3([345600.0, -0.24, 1.0e-4, 0.0])])
# ION from the header's IONOSPHERIC CORR lines; transmission epoch synthetic.
v4 += frame("ION", "G01", "LNAV", ["    2020 06 25 00 00 00" + e19(4.6566e-09) + e19(1.4901e-08) + e19(-5.9605e-08),
                                   line3([-1.1921e-07, 8.1920e+04, 9.8304e+04, -6.5536e+04]),
                                   line3([-5.2429e+05])])
v4 += frame("ION", "E01", "IFNV", ["    2020 06 25 00 00 00" + e19(2.8250e+01) + e19(7.8125e-03) + e19(1.0071e-02),
                                   line3([0.0])])
write("esbc-v4.rnx", v4)

bad4 = list(v4)
i = bad4.index("> EPH G01 CNAV")
bad4[i] = "> EPH G01 XNAV"
j = bad4.index("> EPH E01 FNAV")
bad4[j + 1] = "E02" + bad4[j + 1][3:]
k = bad4.index("> STO E01 IFNV")
del bad4[k + 2]
write("v4-bad-records.rnx", bad4)
