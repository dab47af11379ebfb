package score

import (
	"fmt"
	"testing"

	"github.com/distillguard/distillguard/internal/profile"
	"github.com/distillguard/distillguard/internal/record"
)

func TestRamp(t *testing.T) {
	f := func(x, lo, hi, want float64) {
		t.Helper()
		if got := ramp(x, lo, hi); got != want {
			t.Fatalf("ramp(%v, %v, %v) = %v, want %v", x, lo, hi, got, want)
		}
	}
	f(0, 1, 2, 0)
	f(1.5, 1, 2, 0.5)
	f(3, 1, 2, 1)
}

// accounts makes a store whose account table rows are given as
// org/domain/card triples; it returns their ids.
func accounts(rows [][3]string) (*profile.Store, []uint32) {
	s := profile.NewStore(0)
	var ids []uint32
	for i, r := range rows {
		name := fmt.Sprint("a", i)
		s.AddAccount(&record.Account{AccountID: name, OrgID: r[0], EmailDomain: r[1], PaymentFP: r[2]})
		id, _ := s.Accounts.Lookup(name)
		ids = append(ids, id)
	}
	return s, ids
}

func TestDeclaredShare(t *testing.T) {
	for _, tc := range []struct {
		name string
		rows [][3]string
		want float64
	}{
		{"two labs, each an org with its own domain", [][3]string{
			{"o1", "lab1.edu", "c1"}, {"o1", "lab1.edu", "c1"}, {"o1", "lab1.edu", "c1"},
			{"o2", "lab2.io", "c2"}, {"o2", "lab2.io", "c2"}}, 1},
		{"hydra: no orgs, free mail", [][3]string{
			{"", "gmail.com", "c1"}, {"", "gmail.com", "c2"}, {"", "gmail.com", "c3"}, {"", "gmail.com", "c4"}}, 0},
		{"three declared teams", [][3]string{
			{"o1", "", ""}, {"o1", "", ""}, {"o2", "", ""}, {"o2", "", ""}, {"o3", "", ""}, {"o3", "", ""}}, 1},
		{"a university domain shared beyond the lab", [][3]string{
			{"", "uni.edu", "c1"}, {"", "uni.edu", "c1"}, {"", "uni.edu", ""}}, 1},
		{"a bought domain whose cards cross into another", [][3]string{
			{"", "uni-a.edu", "c1"}, {"", "uni-a.edu", "c2"}, {"", "uni-b.edu", "c1"}, {"", "uni-b.edu", "c2"}}, 0},
		{"one team of two and a loner", [][3]string{
			{"o1", "", "c1"}, {"o1", "", "c1"}, {"", "", "c9"}}, 2.0 / 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, ids := accounts(tc.rows)
			df := map[uint32]int{}
			for _, a := range ids {
				df[s.Info[a].EmailDomain]++
			}
			if tc.name == "hydra: no orgs, free mail" {
				for d := range df {
					df[d] = 100000 // a mail provider: held by everyone
				}
			}
			if got := declaredShare(s, ids, df, 1000); got != tc.want {
				t.Fatalf("declaredShare = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestSharedCards(t *testing.T) {
	s, ids := accounts([][3]string{
		{"", "x.com", "card"}, {"", "y.com", "card"}, // one wallet, two identities
		{"o", "z.com", "c2"}, {"o", "z.com", "c2"}, // one company card
	})
	if got := sharedCards(s, ids); got != 0.5 {
		t.Fatalf("sharedCards = %v, want 0.5", got)
	}
}
