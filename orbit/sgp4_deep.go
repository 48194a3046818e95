package orbit

// Deep-space part of SGP4 (SDP4): Vallado's dscom, dpper, dsinit and dspace
// from "Revisiting Spacetrack Report #3" (AIAA 2006-6753), improved mode.
// Lunar-solar secular and long-period terms for every orbit with a period of
// 225 min or more, and the geopotential resonances of 24 h (irez = 1) and
// 12 h, e >= 0.5 (irez = 2) orbits.

import "math"

// Lunar-solar and resonance constants (Vallado's values).
const (
	zns    = 1.19459e-5
	zes    = 0.01675
	znl    = 1.5835218e-4
	zel    = 0.05490
	rptim  = 4.37526908801129966e-3 // Earth rotation, rad/min (7.29211514668855e-5 rad/s)
	c1ss   = 2.9864797e-6
	c1l    = 4.7968065e-7
	zsinis = 0.39785416
	zcosis = 0.91744867
	zcosgs = 0.1945905
	zsings = -0.98088458
)

// sin and cos of the synchronous-resonance phase angles fasx2, 2·fasx4 and
// 3·fasx6 of dspace.
var (
	resSin1, resCos1 = math.Sincos(0.13130908)
	resSin2, resCos2 = math.Sincos(2.0 * 2.8843198)
	resSin3, resCos3 = math.Sincos(3.0 * 0.37448087)
)

// deepSpace holds the deep-space constants of one element set. Vallado's
// peo, pinco, plo, pgho and pho are always zero in the improved mode (dscom
// clears them and nothing sets them), so they are left out.
type deepSpace struct {
	// Lunar-solar long-period periodic coefficients (dscom).
	e3, ee2, se2, se3, sgh2, sgh3, sgh4, sh2, sh3, si2, si3, sl2, sl3, sl4 float64
	xgh2, xgh3, xgh4, xh2, xh3, xi2, xi3, xl2, xl3, xl4, zmol, zmos        float64

	// Lunar-solar secular rates (dsinit), per minute.
	dedt, didt, dmdt, dnodt, domdt float64

	// Resonance (dsinit).
	irez                                         int // 0 none, 1 synchronous (24 h), 2 half-day (12 h)
	d2201, d2211, d3210, d3222, d4410, d4422     float64
	d5220, d5232, d5421, d5433, del1, del2, del3 float64
	xfact, xlamo                                 float64
}

// dscomResult holds the dscom outputs that dsinit needs besides the
// coefficients stored in deepSpace.
type dscomResult struct {
	sinim, cosim, emsq                           float64
	s1, s2, s3, s4, s5                           float64
	ss1, ss2, ss3, ss4, ss5                      float64
	sz1, sz3, sz11, sz13, sz21, sz23, sz31, sz33 float64
	z1, z3, z11, z13, z21, z23, z31, z33         float64
}

// initDeep runs dscom and dsinit at epoch (tc = 0). Vallado's sgp4init
// also calls dpper with init = 'y', which changes nothing, so it is omitted.
func (p *SGP4) initDeep(eccsq, xpidot float64) {
	d := &p.ds
	res := d.dscom(p.epochDays1950, p.ecco, p.argpo, 0, p.inclo, p.nodeo, p.noUnkozai)
	p.dsinit(&res, eccsq, xpidot)
}

// dscom computes the lunar-solar terms (Vallado's dscom) for epoch days
// since 1950 and the given elements at time tc (minutes).
func (d *deepSpace) dscom(epoch, ep, argpp, tc, inclp, nodep, np float64) dscomResult {
	var o dscomResult

	nm := np
	em := ep
	snodm, cnodm := math.Sincos(nodep)
	sinomm, cosomm := math.Sincos(argpp)
	sinim, cosim := math.Sincos(inclp)
	emsq := em * em
	betasq := 1.0 - emsq
	rtemsq := math.Sqrt(betasq)

	// Initialise lunar-solar terms.
	day := epoch + 18261.5 + tc/1440.0
	xnodce := math.Mod(4.5236020-9.2422029e-4*day, sgpTwoPi)
	stem, ctem := math.Sincos(xnodce)
	zcosil := 0.91375164 - 0.03568096*ctem
	zsinil := math.Sqrt(1.0 - zcosil*zcosil)
	zsinhl := 0.089683511 * stem / zsinil
	zcoshl := math.Sqrt(1.0 - zsinhl*zsinhl)
	gam := 5.8351514 + 0.0019443680*day
	zx := 0.39785416 * stem / zsinil
	zy := zcoshl*ctem + 0.91744867*zsinhl*stem
	zx = math.Atan2(zx, zy)
	zx = gam + zx - xnodce
	zsingl, zcosgl := math.Sincos(zx)

	// Solar terms first (lsflg = 1), then lunar (lsflg = 2).
	zcosg := zcosgs
	zsing := zsings
	zcosi := zcosis
	zsini := zsinis
	zcosh := cnodm
	zsinh := snodm
	cc := c1ss
	xnoi := 1.0 / nm

	var s1, s2, s3, s4, s5, s6, s7 float64
	var z1, z2, z3, z11, z12, z13, z21, z22, z23, z31, z32, z33 float64
	var ss1, ss2, ss3, ss4, ss5, ss6, ss7 float64
	var sz1, sz2, sz3, sz11, sz12, sz13, sz21, sz22, sz23, sz31, sz32, sz33 float64

	for lsflg := 1; lsflg <= 2; lsflg++ {
		a1 := zcosg*zcosh + zsing*zcosi*zsinh
		a3 := -zsing*zcosh + zcosg*zcosi*zsinh
		a7 := -zcosg*zsinh + zsing*zcosi*zcosh
		a8 := zsing * zsini
		a9 := zsing*zsinh + zcosg*zcosi*zcosh
		a10 := zcosg * zsini
		a2 := cosim*a7 + sinim*a8
		a4 := cosim*a9 + sinim*a10
		a5 := -sinim*a7 + cosim*a8
		a6 := -sinim*a9 + cosim*a10

		x1 := a1*cosomm + a2*sinomm
		x2 := a3*cosomm + a4*sinomm
		x3 := -a1*sinomm + a2*cosomm
		x4 := -a3*sinomm + a4*cosomm
		x5 := a5 * sinomm
		x6 := a6 * sinomm
		x7 := a5 * cosomm
		x8 := a6 * cosomm

		z31 = 12.0*x1*x1 - 3.0*x3*x3
		z32 = 24.0*x1*x2 - 6.0*x3*x4
		z33 = 12.0*x2*x2 - 3.0*x4*x4
		z1 = 3.0*(a1*a1+a2*a2) + z31*emsq
		z2 = 6.0*(a1*a3+a2*a4) + z32*emsq
		z3 = 3.0*(a3*a3+a4*a4) + z33*emsq
		z11 = -6.0*a1*a5 + emsq*(-24.0*x1*x7-6.0*x3*x5)
		z12 = -6.0*(a1*a6+a3*a5) + emsq*(-24.0*(x2*x7+x1*x8)-6.0*(x3*x6+x4*x5))
		z13 = -6.0*a3*a6 + emsq*(-24.0*x2*x8-6.0*x4*x6)
		z21 = 6.0*a2*a5 + emsq*(24.0*x1*x5-6.0*x3*x7)
		z22 = 6.0*(a4*a5+a2*a6) + emsq*(24.0*(x2*x5+x1*x6)-6.0*(x4*x7+x3*x8))
		z23 = 6.0*a4*a6 + emsq*(24.0*x2*x6-6.0*x4*x8)
		z1 = z1 + z1 + betasq*z31
		z2 = z2 + z2 + betasq*z32
		z3 = z3 + z3 + betasq*z33
		s3 = cc * xnoi
		s2 = -0.5 * s3 / rtemsq
		s4 = s3 * rtemsq
		s1 = -15.0 * em * s4
		s5 = x1*x3 + x2*x4
		s6 = x2*x3 + x1*x4
		s7 = x2*x4 - x1*x3

		if lsflg == 1 {
			ss1, ss2, ss3, ss4, ss5, ss6, ss7 = s1, s2, s3, s4, s5, s6, s7
			sz1, sz2, sz3 = z1, z2, z3
			sz11, sz12, sz13 = z11, z12, z13
			sz21, sz22, sz23 = z21, z22, z23
			sz31, sz32, sz33 = z31, z32, z33
			zcosg = zcosgl
			zsing = zsingl
			zcosi = zcosil
			zsini = zsinil
			zcosh = zcoshl*cnodm + zsinhl*snodm
			zsinh = snodm*zcoshl - cnodm*zsinhl
			cc = c1l
		}
	}

	d.zmol = math.Mod(4.7199672+0.22997150*day-gam, sgpTwoPi)
	d.zmos = math.Mod(6.2565837+0.017201977*day, sgpTwoPi)

	// Solar terms.
	d.se2 = 2.0 * ss1 * ss6
	d.se3 = 2.0 * ss1 * ss7
	d.si2 = 2.0 * ss2 * sz12
	d.si3 = 2.0 * ss2 * (sz13 - sz11)
	d.sl2 = -2.0 * ss3 * sz2
	d.sl3 = -2.0 * ss3 * (sz3 - sz1)
	d.sl4 = -2.0 * ss3 * (-21.0 - 9.0*emsq) * zes
	d.sgh2 = 2.0 * ss4 * sz32
	d.sgh3 = 2.0 * ss4 * (sz33 - sz31)
	d.sgh4 = -18.0 * ss4 * zes
	d.sh2 = -2.0 * ss2 * sz22
	d.sh3 = -2.0 * ss2 * (sz23 - sz21)

	// Lunar terms.
	d.ee2 = 2.0 * s1 * s6
	d.e3 = 2.0 * s1 * s7
	d.xi2 = 2.0 * s2 * z12
	d.xi3 = 2.0 * s2 * (z13 - z11)
	d.xl2 = -2.0 * s3 * z2
	d.xl3 = -2.0 * s3 * (z3 - z1)
	d.xl4 = -2.0 * s3 * (-21.0 - 9.0*emsq) * zel
	d.xgh2 = 2.0 * s4 * z32
	d.xgh3 = 2.0 * s4 * (z33 - z31)
	d.xgh4 = -18.0 * s4 * zel
	d.xh2 = -2.0 * s2 * z22
	d.xh3 = -2.0 * s2 * (z23 - z21)

	o.sinim, o.cosim, o.emsq = sinim, cosim, emsq
	o.s1, o.s2, o.s3, o.s4, o.s5 = s1, s2, s3, s4, s5
	o.ss1, o.ss2, o.ss3, o.ss4, o.ss5 = ss1, ss2, ss3, ss4, ss5
	o.sz1, o.sz3, o.sz11, o.sz13 = sz1, sz3, sz11, sz13
	o.sz21, o.sz23, o.sz31, o.sz33 = sz21, sz23, sz31, sz33
	o.z1, o.z3, o.z11, o.z13 = z1, z3, z11, z13
	o.z21, o.z23, o.z31, o.z33 = z21, z23, z31, z33
	return o
}

// dpper applies the lunar-solar long-period periodics at t minutes (Vallado's
// dpper with init = 'n', improved mode) to ep, inclp, nodep, argpp, mp.
//
// It also returns sin and cos of the perturbed inclination, which sgp4
// needs, and in the Lyddane branch (nodeKnown) sin and cos of the new node.
func (d *deepSpace) dpper(t, ep, inclp, nodep, argpp, mp float64) (epOut, inclpOut, nodepOut, argppOut, mpOut, sinip, cosip, sinnp, cosnp float64, nodeKnown bool) {
	// Time-varying periodics: solar, then lunar. zf = zm + 2·zes·sin(zm);
	// sin and cos of zf come from those of zm by angle addition with the
	// small |2·zes·sin(zm)| <= 0.034 (0.11 for the Moon), equal to rounding.
	zm := d.zmos + zns*t
	sinzf, coszf := sincosPlusSmall(zm, 2.0*zes)
	f2 := 0.5*sinzf*sinzf - 0.25
	f3 := -0.5 * sinzf * coszf
	ses := d.se2*f2 + d.se3*f3
	sis := d.si2*f2 + d.si3*f3
	sls := d.sl2*f2 + d.sl3*f3 + d.sl4*sinzf
	sghs := d.sgh2*f2 + d.sgh3*f3 + d.sgh4*sinzf
	shs := d.sh2*f2 + d.sh3*f3

	zm = d.zmol + znl*t
	sinzf, coszf = sincosPlusSmall(zm, 2.0*zel)
	f2 = 0.5*sinzf*sinzf - 0.25
	f3 = -0.5 * sinzf * coszf
	sel := d.ee2*f2 + d.e3*f3
	sil := d.xi2*f2 + d.xi3*f3
	sll := d.xl2*f2 + d.xl3*f3 + d.xl4*sinzf
	sghl := d.xgh2*f2 + d.xgh3*f3 + d.xgh4*sinzf
	shll := d.xh2*f2 + d.xh3*f3

	pe := ses + sel
	pinc := sis + sil
	pl := sls + sll
	pgh := sghs + sghl
	ph := shs + shll

	// (peo, pinco, plo, pgho, pho are zero.)
	inclp = inclp + pinc
	ep = ep + pe
	sinip, cosip = math.Sincos(inclp)

	// Apply periodics directly above 0.2 rad (GSFC choice: perturbed
	// inclination), else with the Lyddane modification.
	if inclp >= 0.2 {
		ph = ph / sinip
		pgh = pgh - cosip*ph
		argpp = argpp + pgh
		nodep = nodep + ph
		mp = mp + pl
	} else {
		sinop, cosop := math.Sincos(nodep)
		alfdp := sinip * sinop
		betdp := sinip * cosop
		dalf := ph*cosop + pinc*cosip*sinop
		dbet := -ph*sinop + pinc*cosip*cosop
		alfdp = alfdp + dalf
		betdp = betdp + dbet
		nodep = sgpMod2Pi(nodep)
		// (The 'a' mode adds 2π to a negative nodep here; improved mode does not.)
		xls := mp + argpp + cosip*nodep
		dls := pl + pgh - pinc*nodep*sinip
		xls = xls + dls
		xnoh := nodep
		nodep = math.Atan2(alfdp, betdp)
		if h := math.Sqrt(alfdp*alfdp + betdp*betdp); h > 0 {
			sinnp, cosnp, nodeKnown = alfdp/h, betdp/h, true
		}
		if math.Abs(xnoh-nodep) > sgpPi {
			if nodep < xnoh {
				nodep = nodep + sgpTwoPi
			} else {
				nodep = nodep - sgpTwoPi
			}
		}
		mp = mp + pl
		argpp = xls - mp - cosip*nodep
	}
	return ep, inclp, nodep, argpp, mp, sinip, cosip, sinnp, cosnp, nodeKnown
}

// sincosPlusSmall returns sin and cos of zm + k·sin(zm) for |k| <= 0.125.
func sincosPlusSmall(zm, k float64) (s, c float64) {
	sz, cz := math.Sincos(zm)
	sd, cd := sgpSincosSmall(k * sz)
	return sz*cd + cz*sd, cz*cd - sz*sd
}

// dsinit is Vallado's dsinit at epoch (t = 0): lunar-solar secular rates
// and the resonance coefficients.
func (p *SGP4) dsinit(o *dscomResult, eccsq, xpidot float64) {
	const (
		q22    = 1.7891679e-6
		q31    = 2.1460748e-6
		q33    = 2.2123015e-7
		root22 = 1.7891679e-6
		root44 = 7.3636953e-9
		root54 = 2.1765803e-9
		root32 = 3.7393792e-7
		root52 = 1.1428639e-7
	)
	d := &p.ds
	xke := p.grav.xke
	cosim, sinim := o.cosim, o.sinim
	emsq := o.emsq
	nm := p.noUnkozai // dscom's nm = np
	em := p.ecco      // dscom's em = ep
	inclm := p.inclo

	// Deep-space resonance class.
	d.irez = 0
	if nm < 0.0052359877 && nm > 0.0034906585 {
		d.irez = 1
	}
	if nm >= 8.26e-3 && nm <= 9.24e-3 && em >= 0.5 {
		d.irez = 2
	}

	// Solar terms.
	ses := o.ss1 * zns * o.ss5
	sis := o.ss2 * zns * (o.sz11 + o.sz13)
	sls := -zns * o.ss3 * (o.sz1 + o.sz3 - 14.0 - 6.0*emsq)
	sghs := o.ss4 * zns * (o.sz31 + o.sz33 - 6.0)
	shs := -zns * o.ss2 * (o.sz21 + o.sz23)
	// Guard for inclinations near 0 and 180 deg.
	if inclm < 5.2359877e-2 || inclm > sgpPi-5.2359877e-2 {
		shs = 0.0
	}
	if sinim != 0.0 {
		shs = shs / sinim
	}
	sgs := sghs - cosim*shs

	// Lunar terms.
	d.dedt = ses + o.s1*znl*o.s5
	d.didt = sis + o.s2*znl*(o.z11+o.z13)
	d.dmdt = sls - znl*o.s3*(o.z1+o.z3-14.0-6.0*emsq)
	sghl := o.s4 * znl * (o.z31 + o.z33 - 6.0)
	shll := -znl * o.s2 * (o.z21 + o.z23)
	if inclm < 5.2359877e-2 || inclm > sgpPi-5.2359877e-2 {
		shll = 0.0
	}
	d.domdt = sgs + sghl
	d.dnodt = shs
	if sinim != 0.0 {
		d.domdt = d.domdt - cosim/sinim*shll
		d.dnodt = d.dnodt + shll/sinim
	}

	// Deep-space resonance effects. At t = 0 Vallado's updates of em,
	// inclm, argpm, nodem and mm add nothing, so they are skipped.
	theta := math.Mod(p.gsto, sgpTwoPi) // gsto + tc*rptim with tc = 0

	if d.irez == 0 {
		return
	}
	aonv := math.Pow(nm/xke, sgpX2o3)

	// Geopotential resonance for 12-hour orbits.
	if d.irez == 2 {
		cosisq := cosim * cosim
		em = p.ecco
		emsq = eccsq
		eoc := em * emsq
		g201 := -0.306 - (em-0.64)*0.440

		var g211, g310, g322, g410, g422, g520, g521, g532, g533 float64
		if em <= 0.65 {
			g211 = 3.616 - 13.2470*em + 16.2900*emsq
			g310 = -19.302 + 117.3900*em - 228.4190*emsq + 156.5910*eoc
			g322 = -18.9068 + 109.7927*em - 214.6334*emsq + 146.5816*eoc
			g410 = -41.122 + 242.6940*em - 471.0940*emsq + 313.9530*eoc
			g422 = -146.407 + 841.8800*em - 1629.014*emsq + 1083.4350*eoc
			g520 = -532.114 + 3017.977*em - 5740.032*emsq + 3708.2760*eoc
		} else {
			g211 = -72.099 + 331.819*em - 508.738*emsq + 266.724*eoc
			g310 = -346.844 + 1582.851*em - 2415.925*emsq + 1246.113*eoc
			g322 = -342.585 + 1554.908*em - 2366.899*emsq + 1215.972*eoc
			g410 = -1052.797 + 4758.686*em - 7193.992*emsq + 3651.957*eoc
			g422 = -3581.690 + 16178.110*em - 24462.770*emsq + 12422.520*eoc
			if em > 0.715 {
				g520 = -5149.66 + 29936.92*em - 54087.36*emsq + 31324.56*eoc
			} else {
				g520 = 1464.74 - 4664.75*em + 3763.64*emsq
			}
		}
		if em < 0.7 {
			g533 = -919.22770 + 4988.6100*em - 9064.7700*emsq + 5542.21*eoc
			g521 = -822.71072 + 4568.6173*em - 8491.4146*emsq + 5337.524*eoc
			g532 = -853.66600 + 4690.2500*em - 8624.7700*emsq + 5341.4*eoc
		} else {
			g533 = -37995.780 + 161616.52*em - 229838.20*emsq + 109377.94*eoc
			g521 = -51752.104 + 218913.95*em - 309468.16*emsq + 146349.42*eoc
			g532 = -40023.880 + 170470.89*em - 242699.48*emsq + 115605.82*eoc
		}

		sini2 := sinim * sinim
		f220 := 0.75 * (1.0 + 2.0*cosim + cosisq)
		f221 := 1.5 * sini2
		f321 := 1.875 * sinim * (1.0 - 2.0*cosim - 3.0*cosisq)
		f322 := -1.875 * sinim * (1.0 + 2.0*cosim - 3.0*cosisq)
		f441 := 35.0 * sini2 * f220
		f442 := 39.3750 * sini2 * sini2
		f522 := 9.84375 * sinim * (sini2*(1.0-2.0*cosim-5.0*cosisq) +
			0.33333333*(-2.0+4.0*cosim+6.0*cosisq))
		f523 := sinim * (4.92187512*sini2*(-2.0-4.0*cosim+10.0*cosisq) +
			6.56250012*(1.0+2.0*cosim-3.0*cosisq))
		f542 := 29.53125 * sinim * (2.0 - 8.0*cosim + cosisq*(-12.0+8.0*cosim+10.0*cosisq))
		f543 := 29.53125 * sinim * (-2.0 - 8.0*cosim + cosisq*(12.0+8.0*cosim-10.0*cosisq))
		xno2 := nm * nm
		ainv2 := aonv * aonv
		temp1 := 3.0 * xno2 * ainv2
		temp := temp1 * root22
		d.d2201 = temp * f220 * g201
		d.d2211 = temp * f221 * g211
		temp1 = temp1 * aonv
		temp = temp1 * root32
		d.d3210 = temp * f321 * g310
		d.d3222 = temp * f322 * g322
		temp1 = temp1 * aonv
		temp = 2.0 * temp1 * root44
		d.d4410 = temp * f441 * g410
		d.d4422 = temp * f442 * g422
		temp1 = temp1 * aonv
		temp = temp1 * root52
		d.d5220 = temp * f522 * g520
		d.d5232 = temp * f523 * g532
		temp = 2.0 * temp1 * root54
		d.d5421 = temp * f542 * g521
		d.d5433 = temp * f543 * g533
		d.xlamo = math.Mod(p.mo+p.nodeo+p.nodeo-theta-theta, sgpTwoPi)
		d.xfact = p.mdot + d.dmdt + 2.0*(p.nodedot+d.dnodt-rptim) - p.noUnkozai
	}

	// Synchronous resonance terms.
	if d.irez == 1 {
		g200 := 1.0 + emsq*(-2.5+0.8125*emsq)
		g310 := 1.0 + 2.0*emsq
		g300 := 1.0 + emsq*(-6.0+6.60937*emsq)
		f220 := 0.75 * (1.0 + cosim) * (1.0 + cosim)
		f311 := 0.9375*sinim*sinim*(1.0+3.0*cosim) - 0.75*(1.0+cosim)
		f330 := 1.0 + cosim
		f330 = 1.875 * f330 * f330 * f330
		d.del1 = 3.0 * nm * nm * aonv * aonv
		d.del2 = 2.0 * d.del1 * f220 * g200 * q22
		d.del3 = 3.0 * d.del1 * f330 * g300 * q33 * aonv
		d.del1 = d.del1 * f311 * g310 * q31 * aonv
		d.xlamo = math.Mod(p.mo+p.nodeo+p.argpo-theta, sgpTwoPi)
		d.xfact = p.mdot + xpidot - rptim + d.dmdt + d.domdt + d.dnodt - p.noUnkozai
	}
}

// dspace applies the deep-space secular effects and integrates the
// resonances from epoch to t minutes (Vallado's dspace). The integrator
// always restarts at epoch and takes fixed ±720 min steps: the C code's
// cache of the last step (atime, xli, xni) would hold the same values, so
// leaving it out keeps the record immutable without changing results.
func (p *SGP4) dspace(t, em, argpm, inclm, mm, nodem float64) (emOut, argpmOut, inclmOut, mmOut, nodemOut, nm float64) {
	const (
		// fasx2 = 0.13130908, fasx4 = 2.8843198, fasx6 = 0.37448087 are in
		// resSin1 ... resCos3.
		g22   = 5.7686396
		g32   = 0.95240898
		g44   = 1.8014998
		g52   = 1.0508330
		g54   = 4.4108898
		stepp = 720.0
		stepn = -720.0
		step2 = 259200.0
	)
	d := &p.ds
	no := p.noUnkozai
	nm = no

	// Lunar-solar secular effects.
	em = em + d.dedt*t
	inclm = inclm + d.didt*t
	argpm = argpm + d.domdt*t
	nodem = nodem + d.dnodt*t
	mm = mm + d.dmdt*t

	if d.irez == 0 {
		return em, argpm, inclm, mm, nodem, nm
	}
	theta := sgpMod2Pi(p.gsto + t*rptim)

	// Euler-Maclaurin integration of the resonance terms from epoch.
	atime := 0.0
	xni := no
	xli := d.xlamo
	delt := stepn
	if t > 0.0 {
		delt = stepp
	}
	var xndt, xldot, xnddt, ft float64
	for {
		if d.irez != 2 {
			// Near-synchronous resonance terms: sin and cos of xli - fasx2,
			// 2(xli - fasx4) and 3(xli - fasx6) from one sincos of xli by
			// multiple-angle and angle-difference formulas (Vallado calls
			// sin and cos for each; the results agree to rounding).
			sx, cx := math.Sincos(xli)
			s2x, c2x := 2*sx*cx, (cx-sx)*(cx+sx)
			s3x, c3x := sx*(3-4*sx*sx), cx*(4*cx*cx-3)
			s1 := sx*resCos1 - cx*resSin1
			c1 := cx*resCos1 + sx*resSin1
			s2 := s2x*resCos2 - c2x*resSin2
			c2 := c2x*resCos2 + s2x*resSin2
			s3 := s3x*resCos3 - c3x*resSin3
			c3 := c3x*resCos3 + s3x*resSin3
			xndt = d.del1*s1 + d.del2*s2 + d.del3*s3
			xldot = xni + d.xfact
			xnddt = d.del1*c1 + 2.0*d.del2*c2 + 3.0*d.del3*c3
			xnddt = xnddt * xldot
		} else {
			// Near half-day resonance terms.
			xomi := p.argpo + p.argpdot*atime
			x2omi := xomi + xomi
			x2li := xli + xli
			s2201, c2201 := math.Sincos(x2omi + xli - g22)
			s2211, c2211 := math.Sincos(xli - g22)
			s3210, c3210 := math.Sincos(xomi + xli - g32)
			s3222, c3222 := math.Sincos(-xomi + xli - g32)
			s4410, c4410 := math.Sincos(x2omi + x2li - g44)
			s4422, c4422 := math.Sincos(x2li - g44)
			s5220, c5220 := math.Sincos(xomi + xli - g52)
			s5232, c5232 := math.Sincos(-xomi + xli - g52)
			s5421, c5421 := math.Sincos(xomi + x2li - g54)
			s5433, c5433 := math.Sincos(-xomi + x2li - g54)
			xndt = d.d2201*s2201 + d.d2211*s2211 +
				d.d3210*s3210 + d.d3222*s3222 +
				d.d4410*s4410 + d.d4422*s4422 +
				d.d5220*s5220 + d.d5232*s5232 +
				d.d5421*s5421 + d.d5433*s5433
			xldot = xni + d.xfact
			xnddt = d.d2201*c2201 + d.d2211*c2211 +
				d.d3210*c3210 + d.d3222*c3222 +
				d.d5220*c5220 + d.d5232*c5232 +
				2.0*(d.d4410*c4410+d.d4422*c4422+d.d5421*c5421+d.d5433*c5433)
			xnddt = xnddt * xldot
		}

		if math.Abs(t-atime) < stepp {
			ft = t - atime
			break
		}
		xli = xli + xldot*delt + xndt*step2
		xni = xni + xndt*delt + xnddt*step2
		atime = atime + delt
	}

	nm = xni + xndt*ft + xnddt*ft*ft*0.5
	xl := xli + xldot*ft + xndt*ft*ft*0.5
	if d.irez != 1 {
		mm = xl - 2.0*nodem + 2.0*theta
	} else {
		mm = xl - nodem - argpm + theta
	}
	// Vallado: dndt = nm - no; nm = no + dndt.
	nm = no + (nm - no)
	return em, argpm, inclm, mm, nodem, nm
}
