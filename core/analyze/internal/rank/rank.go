// Package rank holds the small ranking helpers the analyzers share.
package rank

import (
	"cmp"
	"slices"
)

// Percentile returns, for each value, the share of the other values that are
// strictly smaller: the smallest gets 0, a unique largest gets 1, and equal
// values share the lower rank (so when everything is equal nothing stands out
// and all get 0). A single value gets 0. It matches graph.Percentile.
func Percentile(values []float64) []float64 {
	n := len(values)
	out := make([]float64, n)
	if n < 2 {
		return out
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(values[a], values[b]) })
	below := 0
	for i := range idx {
		if i > 0 && values[idx[i]] != values[idx[i-1]] {
			below = i
		}
		out[idx[i]] = float64(below) / float64(n-1)
	}
	return out
}

// NormalizeMax divides values by their maximum; all-zero input stays zero.
func NormalizeMax(values []float64) []float64 {
	out := make([]float64, len(values))
	var hi float64
	for _, v := range values {
		hi = max(hi, v)
	}
	if hi <= 0 {
		return out
	}
	for i, v := range values {
		out[i] = max(v, 0) / hi
	}
	return out
}
