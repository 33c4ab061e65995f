package rank

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestPercentile(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct{ in, want []float64 }{
		"distinct":  {[]float64{30, 10, 20}, []float64{1, 0, 0.5}},
		"ties":      {[]float64{1, 1, 1, 5, 9}, []float64{0, 0, 0, 0.75, 1}},
		"all equal": {[]float64{2, 2}, []float64{0, 0}},
		"single":    {[]float64{7}, []float64{0}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, Percentile(tc.in))
		})
	}
}

func TestNormalizeMax(t *testing.T) {
	t.Parallel()
	assert.Equal(t, []float64{0.5, 1, 0}, NormalizeMax([]float64{2, 4, 0}))
	assert.Equal(t, []float64{0, 0}, NormalizeMax([]float64{0, 0}))
}
