// Package integrity is gnssim's Advanced RAIM (ARAIM) library: the baseline
// multiple-hypothesis solution-separation (MHSS) user algorithm that turns a
// satellite geometry and an integrity support message (ISM) into protection
// levels, the effective monitor threshold and the accuracy σ, and decides
// whether a service (LPV-200, LPV-250, horizontal RNP 0.3/0.1) is available.
//
// # References
//
//   - [B12] J. Blanch, T. Walter, P. Enge, Y. Lee, B. Pervan, M. Rippl,
//     A. Spletter, "Advanced RAIM user algorithm description: integrity
//     support message processing, fault detection, exclusion, and protection
//     level calculation", ION GNSS 2012 (Appendix J: the test vector in
//     testdata/appendix-j.md).
//   - [B15] J. Blanch et al., "Baseline advanced RAIM user algorithm and
//     possible improvements", IEEE Trans. Aerosp. Electron. Syst. 51(1), 2015.
//   - [ADD] EU-US Cooperation on Satellite Navigation, Working Group C, ARAIM
//     Technical Subgroup, "Reference Airborne Algorithm Description
//     Document", v2.0 (2015), v3.0 (2017), v4.x (2019–2022).
//   - RTCA DO-229 (troposphere and airborne accuracy models), ICAO Annex 10
//     Vol. I (service requirements).
//
// # Conventions and units
//
// Lengths are metres (suffix M), angles radians unless the name says Deg,
// probabilities are plain fractions. Positions are local east, north, up
// (axis index q = 0, 1, 2; HPL uses east and north). A satellite is given by
// its system and unit line of sight e (receiver to satellite, ENU); its
// design-matrix row is [−e_E, −e_N, −e_U, clock indicators] with one clock
// column per constellation, and its elevation for the error models is that
// of the normalised e, θ = atan2(e_U, √(e_E² + e_N²)) (this is what
// reproduces the published C_int of [B12] Appendix J, whose rows are rounded
// to four decimals). Constellations are numbered in order of first
// appearance in the satellite slice; the first is the reference of the
// inter-system-bias prior.
//
// # Algorithm ([B12], [ADD])
//
// Error models (per satellite i, diagonal covariances):
//
//	C_int,i = σ²_URA + σ²_tropo(θ) + σ²_user(θ)    (integrity, weights W = C_int⁻¹)
//	C_acc,i = σ²_URE + σ²_tropo(θ) + σ²_user(θ)    (accuracy and continuity)
//	σ_tropo = 0.12·1.001/√(0.002001 + sin²θ)
//	σ²_user = γ(σ²_MP + σ²_noise), γ = (f1⁴+f2⁴)/(f1²−f2²)²
//
// with the GPS airborne curves σ_MP = 0.13 + 0.53·exp(−θ/10°) and
// σ_noise = 0.15 + 0.43·exp(−θ/6.9°) (see UserModel; Galileo's tabulated
// noise curve of [B12] is available as NoiseGalileoTable, but the default,
// as in the ADD simulations and Appendix J, is the GPS curve).
//
// Fault modes: satellite faults (prior P_sat each) and constellation faults
// (P_const) are independent events. A mode is the set of satellites its
// subset solution leaves out; the fault patterns (sets of events) that leave
// out the same satellites are merged, their exact pattern priors
// Π_{e∈F} p_e·Π_{e∉F}(1 − p_e) summed. Two determination rules: RuleADD
// (ordered by prior until P_not_monitored ≤ P_THRES) and Rule2012 (all
// combinations up to N_sat,max satellites and N_const,max constellations);
// see the Rule constants and modeSet.determineADD for the exact order.
//
// For every mode k and axis q: σ_k,q (subset σ with C_int), σ_ss,k,q (σ of
// the separation x̂_k − x̂_0 with C_acc), b_k,q = Σ_i |S_k,q,i|·b_nom,i, and
// the threshold T_k,q = K_fa,q·σ_ss,k,q with K_fa,3 = Q⁻¹(P_FA,VERT/(2N)),
// K_fa,1 = K_fa,2 = Q⁻¹(P_FA,HOR/(4N)), N the number of fault modes
// ([B12] section "Fault detection"; 5.3953 in Appendix J). [B12] and ADD v2–v3 put no bias in
// the thresholds; ADD v4 adds Σ|S_k,q,i − S_0,q,i|·b_nom,i, which
// Config.ThresholdBias selects. The protection level of axis q solves
//
//	2·Q((PL − b_0,q)/σ_0,q) + Σ_k p_k·Q((PL − T_k,q − b_k,q)/σ_k,q) = P_q
//	P_3 = P_HMI,VERT·(1 − P_nm/(P_HMI,VERT + P_HMI,HOR)), P_1 = P_2 = ½·P_HMI,HOR·(…)
//
// ([ADD] section "Protection levels"; [B12] eq. (24) and (26) as numbered
// in transcriptions of its Appendix J), with
// HPL = √(HPL_1² + HPL_2²). EMT = max of T_k,3 + K_md,k·σ_acc,3^(k),
// K_md,k = Q⁻¹(P_EMT/(2 p_k)), over the modes whose fault events have
// probability Π p_e ≥ P_EMT (P_sat for a single satellite; the exact
// pattern prior P_sat·Π(1 − p) would fall just short when P_sat = P_EMT, as
// in the ADD parameter sets); 0 when no mode qualifies. σ_v,acc is the
// vertical σ of the all-in-view solution with C_acc.
//
// Inter-system bias: Config.ISBSigmaM = σ adds, for every constellation
// j ≥ 1, the pseudo-observation c_j − c_0 = 0 with variance σ² (never
// faulted, no nominal bias). σ = 0 is one common clock, σ = +Inf a clock per
// constellation (the ADD baseline); both limits are exact (see estimator).
//
// # Availability
//
// A geometry the algorithm cannot monitor gives Result.Available = false
// with a Reason, never numbers: fewer satellites than 3 + clocks + 1 (or
// than a required subset needs), a singular all-in-view or subset geometry
// (reciprocal condition number of the 3×3 position information below 1e-12),
// more modes than Config.MaxModes, an unmonitored prior that exhausts the
// integrity budget. Under RuleADD a fault pattern whose subset would keep too
// few satellites is skipped (its prior stays in P_not_monitored) as long as
// such priors do not exceed P_THRES; under Rule2012 every mode up to the
// maxima must be monitorable. Invalid input (unknown system, non-unit line
// of sight, satellite below the horizon) is an error.
//
// # Assumed study values
//
// No operator publishes an ISM or an airborne error model for GLONASS,
// BeiDou or QZSS. Their defaults (DefaultISM, DefaultUserModel) are assumed
// study values, flagged by ISM.Assumed and UserModel.Assumed and described in
// their Source fields so that reports can print them: GLONASS σ_URA 2 m,
// σ_URE 4/3 m, b_nom 1 m, P_sat 1e-5, P_const 1e-4; BeiDou σ_URA 1.5 m,
// σ_URE 1 m, b_nom 0.75 m, P_sat 1e-5, P_const 1e-4; QZSS the GPS baseline
// with P_const 1e-4; all with the GPS airborne curves on their own
// frequency pairs (GLONASS L1OC/L3OC, BeiDou B1C/B2a, QZSS L1/L5). GPS and
// Galileo carry the WG-C baseline simulation ISM. ParseISM reads overrides.
//
// # Speed and determinism
//
// An Evaluator keeps all buffers between calls and allocates nothing once
// it has seen its largest geometry. The clocks are eliminated analytically
// (Schur complement of the clock block), so every subset costs a 3×3
// inversion of per-constellation sums downdated by the excluded satellites;
// σ_k is read off the inverse, σ_ss,k and σ_acc come from closed-form
// quadratic forms of per-constellation sums; only b_k needs a pass over the
// satellites, and it is skipped for modes that provably cannot affect any
// protection level (their b_k is bounded instead; the results are
// bit-identical to computing it). The protection-level solver brackets the
// root between single-term bounds, leaves out terms that can take together
// at most a share ε of the budget (ε chosen from TolPLM, at most 1e-2), and
// runs safeguarded Newton steps on the log of the risk, classifying points
// against both budgets so that the result stays within TolPLM above the
// exact root (typically three to five evaluations of a handful of terms).
// The fault-mode orders are computed by a best-first search that visits only
// about twice as many combinations as are monitored. Results depend only on
// the inputs: the same inputs give bit-identical outputs.
//
// # Over time and space
//
// Evaluator.Evaluate handles one sky. On a sim.Source of satellite positions (element
// sets, broadcast navigation or SP3, as in package sim), SiteSeries evaluates
// receivers over a period, each constellation alone and the combination, a
// chunk of epochs at a time; SkySeries does the same for skies read from a
// file (ParseSky); Map evaluates every cell of a grid and Summarize gives the
// share of the area where the service is available, with MapShard and
// MergeMapShards splitting a map across machines bit for bit. Results are
// bit-identical for any number of workers and chunk lengths.
// ReferenceEvaluate is a plain reference implementation of the Evaluator
// (every fault pattern enumerated, dense matrices, bisection) for checking
// and benchmarking.
package integrity
