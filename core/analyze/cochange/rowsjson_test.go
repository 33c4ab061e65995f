package cochange

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// Row.AppendJSON writes what json.Marshal writes, byte for byte: rows
// with and without a count or partners, partners with every field set or
// left at zero, paths and reasons that need escaping (quotes, HTML
// characters, control bytes, non-ASCII, invalid UTF-8), and floats of
// every size and sign, those json.Marshal writes with an exponent
// included; a NaN fails as json.Marshal fails.
func TestRowAppendJSONIsMarshal(t *testing.T) {
	t.Parallel()
	strs := []string{"", "src/main/java/Foo.java", `a"b`, `a\b`, "x<y>&z", "R&D.go", "a>b", "tab\there", "nl\n", "é/ü.go", "\xff\xfe", "\u2028", "del\x7f", "dir/", "Reason"}
	floats := []float64{0, math.Copysign(0, -1), 1, -1, 0.5, 1.0 / 3, 2.0 / 3, 1e-6, 9.99e-7, 1e-7, 123456789.125, 1e20, 1e21, 1.5e22, -2.5e-9, math.SmallestNonzeroFloat64, math.MaxFloat64, 0.1 + 0.2}
	ints := []int{0, 1, -1, 7, 1 << 40, math.MaxInt64, math.MinInt64}
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func() Partner {
		p := Partner{Path: strs[rng.IntN(len(strs))], Reason: strs[rng.IntN(len(strs))]}
		if rng.IntN(2) == 0 {
			p.Count, p.Revs, p.Sweeps, p.Bots, p.Releases = ints[rng.IntN(len(ints))], ints[rng.IntN(len(ints))], ints[rng.IntN(len(ints))], ints[rng.IntN(len(ints))], ints[rng.IntN(len(ints))]
			p.Last = int64(ints[rng.IntN(len(ints))])
			p.Confidence, p.Strength, p.Activity = floats[rng.IntN(len(floats))], floats[rng.IntN(len(floats))], floats[rng.IntN(len(floats))]
		}
		return p
	}
	rows := []Row{{}, {Revs: 3}, {Partners: []Partner{{}}}, {Revs: -2, Partners: []Partner{{Path: "a.go", Count: 2, Reason: ReasonHistory}}}}
	for range 2000 {
		r := Row{Revs: ints[rng.IntN(len(ints))]}
		for range rng.IntN(4) {
			r.Partners = append(r.Partners, pick())
		}
		rows = append(rows, r)
	}
	buf := []byte("left alone")
	for _, r := range rows {
		want, err := json.Marshal(r)
		require.NoError(t, err)
		got, err := r.AppendJSON(buf[:len("left alone")])
		require.NoError(t, err)
		require.Equal(t, "left alone"+string(want), string(got), "%+v", r)
	}
	for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		r := Row{Partners: []Partner{{Path: "a.go", Strength: bad}}}
		_, want := json.Marshal(r)
		require.Error(t, want)
		_, err := r.AppendJSON(nil)
		require.Error(t, err, "%v", bad)
	}
}
