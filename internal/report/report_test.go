package report

import (
	"math"
	"testing"

	"github.com/distillguard/distillguard/internal/record"
)

func TestFormatting(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{Count(25012), "25,012"},
		{Count(7), "7"},
		{Count(-1234567), "-1,234,567"},
		{Short(28_800_000), "28.8M"},
		{Short(3_400_000), "3.40M"},
		{Short(150_000), "150K"},
		{Short(9_999), "9,999"},
		{Span("2026-04-22T00:00:20Z", "2026-06-05T23:10:00Z"), "22 Apr – 5 Jun 2026"},
		{Span("2025-12-30T00:00:00Z", "2026-01-05T00:00:00Z"), "30 Dec 2025 – 5 Jan 2026"},
		{Targets(map[string]float64{"coding": 0.37, "agentic": 0.41, "long_horizon": 0.12, "general": 0.1}), "agentic 41%, coding 37%, long-horizon 12%"},
		{Targets(nil), "nothing in particular"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

// TestCapabilitiesSumToOne is a property: rounded shares still sum to 1 and
// zero shares are dropped.
func TestCapabilitiesSumToOne(t *testing.T) {
	for _, c := range [][record.NumCapabilities]float64{
		{1.0 / 3, 1.0 / 3, 1.0 / 3},
		{0, 0.41, 0.37, 0.12, 0.05, 0.03, 0.02},
		{0.123456, 0.234567, 0.345678, 0.296299},
	} {
		m := capabilities(c)
		sum := 0.0
		for k, v := range m {
			if v == 0 {
				t.Errorf("zero share kept for %s", k)
			}
			sum += v
		}
		if math.Abs(sum-1) > 1e-9 {
			t.Errorf("shares %v sum to %v", m, sum)
		}
	}
}

// TestPrintable: what a sender put in an indicator cannot rearrange or hide
// text in a terminal: control and format characters are escaped, the rest
// is kept as it is.
func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"OpenAI/Python 1.38.5": "OpenAI/Python 1.38.5",
		"日本語 é 😀":              "日本語 é 😀",
		"evil\u202etxt.exe":    `evil\u202etxt.exe`,
		"zero\u200bwidth":      `zero\u200bwidth`,
		"line\nbreak\x00":      `line\u000abreak\u0000`,
		"tag\U000E0041":        `tag\U000e0041`,
	} {
		if got := Printable(in); got != want {
			t.Errorf("Printable(%q) = %q, want %q", in, got, want)
		}
	}
}
