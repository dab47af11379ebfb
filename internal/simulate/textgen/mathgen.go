package textgen

import (
	"math"
	"math/rand/v2"
	"strconv"
)

// Word problems are generated with their numbers and their answer, so that a
// chain-of-thought response can show the actual arithmetic (what a harvested
// reasoning trace looks like) and a templated benchmark family can vary the
// numbers while keeping the story.

// Number formats of display values.
const (
	fInt   = 'i' // integer
	fMoney = 'm' // cents, shown as $12.50 (or $12 when whole)
	fHund  = 'h' // hundredths, shown with two decimals
	fPct   = 'p' // integer percent
	fTenK  = 'x' // ten-thousandths, shown with four decimals
)

// mathKind is one kind of word problem. draw fills the display values d
// (those the question shows first, then intermediate results) and returns
// the answer; fmts gives the format of each display value and, last, of the
// answer. shown is how many display values the question uses (d0…).
type mathKind struct {
	name  string
	shown int
	fmts  string
	items int // item bank index, -1 for none
	draw  func(r *rand.Rand, d []int64) int64
}

type itemPair struct{ sing, plur string }

var itemBanks = [][]itemPair{
	{{"apple", "apples"}, {"cupcake", "cupcakes"}, {"cookie", "cookies"}, {"muffin", "muffins"}, {"orange", "oranges"}, {"egg", "eggs"}, {"banana", "bananas"}, {"doughnut", "doughnuts"}, {"lemon", "lemons"}, {"peach", "peaches"}, {"bagel", "bagels"}, {"tomato", "tomatoes"}},
	{{"pencil", "pencils"}, {"marker", "markers"}, {"notebook", "notebooks"}, {"sticker", "stickers"}, {"eraser", "erasers"}, {"crayon", "crayons"}, {"folder", "folders"}, {"postcard", "postcards"}},
	{{"marble", "marbles"}, {"toy car", "toy cars"}, {"trading card", "trading cards"}, {"puzzle", "puzzles"}, {"comic book", "comic books"}, {"seashell", "seashells"}, {"stamp", "stamps"}, {"bead", "beads"}},
	{{"flower pot", "flower pots"}, {"seed packet", "seed packets"}, {"tulip bulb", "tulip bulbs"}, {"rose bush", "rose bushes"}, {"brick", "bricks"}, {"plank", "planks"}},
}

func ri(r *rand.Rand, lo, hi int) int64 { return int64(lo + r.IntN(hi-lo+1)) }

var mathKinds = []mathKind{
	{"buy_give", 3, "iiiii", 0, func(r *rand.Rand, d []int64) int64 {
		d[0], d[1], d[2] = ri(r, 12, 240), ri(r, 5, 160), ri(r, 1, 11)
		d[3] = d[0] + d[1]
		return d[3] - d[2]
	}},
	{"boxes", 3, "iiiii", 0, func(r *rand.Rand, d []int64) int64 {
		d[0], d[1], d[2] = ri(r, 3, 60), ri(r, 4, 48), ri(r, 1, 11)
		d[3] = d[0] * d[1]
		return d[3] - d[2]
	}},
	{"wage", 3, "miimm", -1, func(r *rand.Rand, d []int64) int64 {
		d[0], d[1], d[2] = ri(r, 9, 85)*100, ri(r, 2, 12), ri(r, 2, 30)
		d[3] = d[0] * d[1]
		return d[3] * d[2]
	}},
	{"discount", 3, "mpimm", 2, func(r *rand.Rand, d []int64) int64 {
		d[0] = ri(r, 8, 900) * 100
		d[1] = []int64{10, 15, 20, 25, 30, 40, 50}[r.IntN(7)]
		d[2] = ri(r, 1, 9)
		d[3] = d[0] * (100 - d[1]) / 100
		return d[3] * d[2]
	}},
	{"speed", 4, "iiiiiii", -1, func(r *rand.Rand, d []int64) int64 {
		d[0], d[1], d[2], d[3] = ri(r, 20, 120), ri(r, 1, 9), ri(r, 10, 90), ri(r, 1, 6)
		d[4], d[5] = d[0]*d[1], d[2]*d[3]
		return d[4] + d[5]
	}},
	{"age", 3, "iiiiii", -1, func(r *rand.Rand, d []int64) int64 {
		b := ri(r, 4, 60)
		d[0], d[1] = ri(r, 2, 35), ri(r, 2, 15)
		d[2] = (b + d[0] + d[1]) + (b + d[1])
		d[3] = d[2] - d[0] - 2*d[1]
		d[4] = 2 * d[1]
		return b
	}},
	{"fraction", 3, "iiiiii", 2, func(r *rand.Rand, d []int64) int64 {
		k := []int64{2, 3, 4, 5, 6, 8, 10}[r.IntN(7)]
		j := ri(r, 3, 40)
		d[0], d[1] = k*j, k
		d[3] = j
		d[4] = d[0] - j
		d[2] = ri(r, 1, int(min(d[4]-1, 25)))
		return d[4] - d[2]
	}},
	{"savings", 3, "mmmmi", -1, func(r *rand.Rand, d []int64) int64 {
		w := ri(r, 2, 40)
		d[1], d[2] = ri(r, 0, 200)*100, ri(r, 5, 60)*100
		d[0] = d[1] + d[2]*w
		d[3] = d[0] - d[1]
		return w
	}},
	{"fence", 3, "iimim", -1, func(r *rand.Rand, d []int64) int64 {
		d[0], d[1], d[2] = ri(r, 5, 80), ri(r, 3, 50), ri(r, 2, 25)*100
		d[3] = 2 * (d[0] + d[1])
		return d[3] * d[2]
	}},
	{"recipe", 3, "iiiii", -1, func(r *rand.Rand, d []int64) int64 {
		k := ri(r, 2, 6)
		d[0], d[1] = ri(r, 1, 6), ri(r, 2, 8)
		d[2] = d[1] * k
		d[3] = k
		return d[0] * k
	}},
	{"bill", 3, "mipmm", -1, func(r *rand.Rand, d []int64) int64 {
		n, x := ri(r, 2, 9), ri(r, 8, 80)
		d[0], d[1] = n*x*100, n
		d[2] = []int64{10, 15, 18, 20}[r.IntN(4)]
		d[3] = d[0] * (100 + d[2]) / 100
		return d[3] / n
	}},
	{"work", 2, "iiiii", -1, func(r *rand.Rand, d []int64) int64 {
		m, q := ri(r, 1, 4), ri(r, 1, 5)
		d[0], d[1] = m*q*(m+1), q*(m+1)
		d[2], d[3] = d[0]*d[1], d[0]+d[1]
		return m * q
	}},
	{"increase", 2, "mpm", -1, func(r *rand.Rand, d []int64) int64 {
		d[0], d[1] = ri(r, 20, 2000)*100, ri(r, 5, 60)
		return d[0] * (100 + d[1]) / 100
	}},
	{"average", 5, "iiiiiiii", -1, func(r *rand.Rand, d []int64) int64 {
		sum := int64(0)
		for i := 0; i < 4; i++ {
			d[i] = ri(r, 55, 98)
			sum += d[i]
		}
		lo, hi := (sum+40+4)/5, (sum+100)/5
		if hi < lo {
			hi = lo
		}
		d[4] = lo + int64(r.IntN(int(hi-lo+1)))
		d[5], d[6] = sum, 5*d[4]
		return d[6] - sum
	}},
	{"compound", 3, "mpixm", -1, func(r *rand.Rand, d []int64) int64 {
		d[0], d[1], d[2] = ri(r, 10, 500)*10000, ri(r, 2, 8), ri(r, 2, 10)
		f := math.Pow(1+float64(d[1])/100, float64(d[2]))
		d[3] = int64(math.Round(f * 10000))
		return int64(math.Round(float64(d[0]) * f))
	}},
	{"fall", 1, "iihh", -1, func(r *rand.Rand, d []int64) int64 {
		d[0] = ri(r, 5, 500)
		d[1] = 2 * d[0]
		q := float64(d[1]) / 9.8
		d[2] = int64(math.Round(q * 100))
		return int64(math.Round(math.Sqrt(q) * 100))
	}},
	{"ohm", 2, "iii", -1, func(r *rand.Rand, d []int64) int64 {
		d[0], d[1] = ri(r, 3, 240), ri(r, 2, 500)
		return int64(math.Round(float64(d[0]) * 1000 / float64(d[1])))
	}},
	{"kinematics", 3, "iiiiihh", -1, func(r *rand.Rand, d []int64) int64 {
		d[0], d[1], d[2] = ri(r, 0, 30), ri(r, 1, 10), ri(r, 2, 20)
		d[3] = d[0] + d[1]*d[2]
		d[4] = d[0] * d[2]
		d[5] = d[1] * d[2] * d[2] * 50 // hundredths of a*t*t/2
		return d[4]*100 + d[5]
	}},
	{"loan", 3, "mpiixm", -1, func(r *rand.Rand, d []int64) int64 {
		d[0] = ri(r, 5, 400) * 100000
		d[1] = ri(r, 3, 9)
		d[2] = []int64{5, 10, 15, 20, 25, 30}[r.IntN(6)]
		d[3] = d[2] * 12
		i := float64(d[1]) / 1200
		d[4] = int64(math.Round(i * 10000 * 100)) // shown as a per-mille-ish rate ×100
		p := math.Pow(1+i, float64(d[3]))
		return int64(math.Round(float64(d[0]) * i * p / (p - 1)))
	}},
	{"trains", 3, "iiiii", -1, func(r *rand.Rand, d []int64) int64 {
		t := ri(r, 1, 8)
		d[1], d[2] = ri(r, 30, 120), ri(r, 30, 120)
		d[3] = d[1] + d[2]
		d[0] = d[3] * t
		return t
	}},
	{"tickets", 4, "mmiimmm", -1, func(r *rand.Rand, d []int64) int64 {
		d[0], d[1], d[2], d[3] = ri(r, 8, 40)*100, ri(r, 3, 20)*100, ri(r, 1, 6), ri(r, 1, 8)
		d[4], d[5] = d[0]*d[2], d[1]*d[3]
		return d[4] + d[5]
	}},
	{"share", 2, "iiii", 1, func(r *rand.Rand, d []int64) int64 {
		n, k := ri(r, 2, 12), ri(r, 3, 40)
		extra := ri(r, 0, int(n-1))
		d[0], d[1] = n*k+extra, n
		d[2] = extra
		return k
	}},
}

// appendNum formats v in format f.
func appendNum(b []byte, v int64, f byte) []byte {
	neg := v < 0
	if neg {
		b = append(b, '-')
		v = -v
	}
	switch f {
	case fMoney:
		b = append(b, '$')
		b = appendThousands(b, v/100)
		if c := v % 100; c != 0 {
			b = append(b, '.', byte('0'+c/10), byte('0'+c%10))
		}
	case fHund:
		b = strconv.AppendInt(b, v/100, 10)
		c := v % 100
		b = append(b, '.', byte('0'+c/10), byte('0'+c%10))
	case fTenK:
		b = strconv.AppendInt(b, v/10000, 10)
		b = append(b, '.')
		b = appendDigits(b, int(v%10000), 4)
	case fPct:
		b = strconv.AppendInt(b, v, 10)
		b = append(b, '%')
	default:
		b = strconv.AppendInt(b, v, 10)
	}
	return b
}

func appendThousands(b []byte, v int64) []byte {
	if v < 10000 {
		return strconv.AppendInt(b, v, 10)
	}
	b = appendThousands(b, v/1000)
	b = append(b, ',')
	return appendDigits(b, int(v%1000), 3)
}

// setMath draws the numbers of kind k and stores their text in the numeric
// variables d0… and ans (in x.nbuf, no allocation).
func (x *expander) setMath(k int) {
	mk := &mathKinds[k]
	x.varsUsed = true
	var d [8]int64
	ans := mk.draw(x.r, d[:])
	// Append, never reset: an earlier problem's numbers (a synthetic
	// transcript's) may still be referenced.
	n := len(mk.fmts) - 1
	for i := 0; i < n && i < 8; i++ {
		s := len(x.nb)
		x.nb = appendNum(x.nb, d[i], mk.fmts[i])
		x.nums[vD0+varID(i)] = x.nb[s:len(x.nb):len(x.nb)]
	}
	s := len(x.nb)
	x.nb = appendNum(x.nb, ans, mk.fmts[n])
	x.nums[vAns] = x.nb[s:len(x.nb):len(x.nb)]
	x.mk = int8(k)
}

// setMathScene draws the fixed words of a problem: who, what, where.
func (x *expander) setMathScene(k int) {
	mk := &mathKinds[k]
	r := x.r
	x.varsUsed = true
	x.vars[vName] = x.g.firstNames[r.IntN(len(x.g.firstNames))]
	x.vars[vName2] = x.g.firstNames[r.IntN(len(x.g.firstNames))]
	bank := itemBanks[r.IntN(len(itemBanks))]
	if mk.items >= 0 {
		bank = itemBanks[mk.items]
	}
	it := bank[r.IntN(len(bank))]
	x.vars[vItem], x.vars[vItems] = it.sing, it.plur
	x.vars[vPlace] = places[r.IntN(len(places))]
	if r.IntN(3) == 0 {
		x.vars[vUnit] = "miles"
	} else {
		x.vars[vUnit] = "km"
	}
}

var places = []string{"store", "market", "bakery", "school fair", "garage sale", "farmers' market", "bookshop", "corner shop", "supermarket", "craft fair"}

// mathProblem writes a whole word problem of kind k (a random kind when k
// is negative).
func (x *expander) mathProblem(k int) {
	if k < 0 || k >= len(mathKinds) {
		k = x.r.IntN(len(mathKinds))
	}
	x.setMathScene(k)
	x.setMath(k)
	x.rule(x.g.mathQ[k])
}
