package report

import (
	"math"
	"strconv"
	"time"
)

func itoa(n int) string { return strconv.Itoa(n) }

func round(v float64, places int) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	p := math.Pow(10, float64(places))
	r := math.Round(v*p) / p
	if r == 0 {
		return 0
	}
	return r
}

// fixed prints v with the given decimals, never "-0" or "NaN".
func fixed(v float64, places int) string {
	return strconv.FormatFloat(round(v, places), 'f', places, 64)
}

func percent(part, whole int) string {
	if whole == 0 {
		return "–"
	}
	return strconv.Itoa(int(math.Round(float64(part)*100/float64(whole)))) + "%"
}

func date(unix int64) string {
	if unix <= 0 {
		return ""
	}
	return time.Unix(unix, 0).UTC().Format("2006-01-02")
}

func span(first, last int64) string {
	if first <= 0 || last <= 0 {
		return ""
	}
	return date(first) + " to " + date(last)
}
