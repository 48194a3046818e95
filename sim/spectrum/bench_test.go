package spectrum

import (
	"testing"
)

// BenchmarkMatrix: the full catalogue SSC matrix (19 × 19 signals, FDMA
// on channel 0), from scratch.
func BenchmarkMatrix(b *testing.B) {
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		m, err := NewMatrix(nil, 0)
		if err != nil {
			b.Fatal(err)
		}
		n = len(m.Signals)
	}
	b.ReportMetric(float64(n*n), "pairs")
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)*1e3, "ms/matrix")
}

// BenchmarkNewEvaluator: κ for all 45 × 45 (signal, channel) slots of the
// catalogue, FDMA channels included.
func BenchmarkNewEvaluator(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewEvaluator(nil, EvaluatorOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)*1e3, "ms/evaluator")
}

// BenchmarkDegradation: one victim against a 37-satellite sky (133 signal
// instances).
func BenchmarkDegradation(b *testing.B) {
	e := catalogueEvaluator(b)
	in := skyInterferers(b, e)
	v := mustKey(b, e, "B1C", 0)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.Degradation(v, 0, in, DefaultN0DBWHz); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(in)), "interferers")
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)/float64(len(in))*1e9, "ns/interferer")
}

// BenchmarkDaySeries: a 24 h series at 60 s (1440 epochs) at one site
// with 37 visible satellites (160 signal instances): at every epoch the
// sky is rebuilt with new powers and every instance is a victim of all the
// others (230 400 victim evaluations per day), through Sky.
func BenchmarkDaySeries(b *testing.B) {
	e := catalogueEvaluator(b)
	in := skyInterferers(b, e)
	sky := e.NewSky()
	b.ReportAllocs()
	for b.Loop() {
		for epoch := 0; epoch < 1440; epoch++ {
			sky.Reset()
			for j := range in {
				in[j].PowerDBW = -160 + float64((epoch+j)%7)
				if err := sky.Add(in[j].Key, in[j].PowerDBW, in[j].System); err != nil {
					b.Fatal(err)
				}
			}
			for v := range in {
				if _, err := sky.Degradation(in[v].Key, in[v].System, in[v].PowerDBW, DefaultN0DBWHz); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)*1e3, "ms/day")
	b.ReportMetric(float64(1440*len(in)), "victims/day")
}

// BenchmarkDaySeriesList is the same day through Evaluator.Degradation
// with an interferer list per victim (one exponential per interferer).
func BenchmarkDaySeriesList(b *testing.B) {
	e := catalogueEvaluator(b)
	in := skyInterferers(b, e)
	others := make([]Interferer, 0, len(in))
	b.ReportAllocs()
	for b.Loop() {
		for epoch := 0; epoch < 1440; epoch++ {
			for j := range in {
				in[j].PowerDBW = -160 + float64((epoch+j)%7)
			}
			for v := range in {
				others = append(others[:0], in[:v]...)
				others = append(others, in[v+1:]...)
				if _, err := e.Degradation(in[v].Key, in[v].System, others, DefaultN0DBWHz); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)*1e3, "ms/day")
}
