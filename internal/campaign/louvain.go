package campaign

import "slices"

// wedge is a weighted undirected edge between local node indices.
type wedge struct {
	a, b int32
	w    float64
}

// louvain partitions nodes 0..n-1 of a weighted graph by greedy modularity
// optimisation (Blondel et al. 2008): local moves until no node gains, then
// communities collapse into nodes, repeated. It is a compact, deterministic
// implementation for graphs of up to a few hundred thousand edges: gonum's
// community.Modularize gives the same kind of partition but is far slower on
// the components a full-scale campaign makes, so gonum serves as the test
// oracle instead. It returns a community label per node, labels dense from 0.
func louvain(n int, edges []wedge) []int32 {
	label := make([]int32, n)
	for i := range label {
		label[i] = int32(i)
	}
	cur := edges
	size := n
	for level := 0; level < 20; level++ {
		part, moved := localMoves(size, cur)
		if !moved {
			break
		}
		// Relabel densely, map original nodes, aggregate edges.
		dense := make([]int32, size)
		for i := range dense {
			dense[i] = -1
		}
		next := int32(0)
		for i := 0; i < size; i++ {
			if dense[part[i]] < 0 {
				dense[part[i]] = next
				next++
			}
		}
		for i := range label {
			label[i] = dense[part[label[i]]]
		}
		agg := map[[2]int32]float64{}
		for _, e := range cur {
			a, b := dense[part[e.a]], dense[part[e.b]]
			if a > b {
				a, b = b, a
			}
			agg[[2]int32{a, b}] += e.w
		}
		cur = cur[:0:0]
		for k, w := range agg {
			cur = append(cur, wedge{k[0], k[1], w})
		}
		slices.SortFunc(cur, func(x, y wedge) int {
			if x.a != y.a {
				return int(x.a - y.a)
			}
			return int(x.b - y.b)
		})
		if int(next) == size {
			break
		}
		size = int(next)
	}
	return label
}

// localMoves runs Louvain's first phase on a graph whose self-loops (a == b)
// carry the internal weight of aggregated communities.
func localMoves(n int, edges []wedge) ([]int32, bool) {
	// Neighbours as one array indexed by offsets, each node's in edge
	// order: the move loop walks every node's list once a pass, and
	// separately allocated lists scattered it over the heap.
	off := make([]int32, n+1)
	for _, e := range edges {
		if e.a != e.b {
			off[e.a+1]++
			off[e.b+1]++
		}
	}
	for i := 0; i < n; i++ {
		off[i+1] += off[i]
	}
	to, tw := make([]int32, off[n]), make([]float64, off[n])
	at := slices.Clone(off[:n])
	k := make([]float64, n) // weighted degree, self-loops counted twice
	var m2 float64          // 2m
	for _, e := range edges {
		if e.a == e.b {
			k[e.a] += 2 * e.w
			m2 += 2 * e.w
			continue
		}
		to[at[e.a]], tw[at[e.a]] = e.b, e.w
		at[e.a]++
		to[at[e.b]], tw[at[e.b]] = e.a, e.w
		at[e.b]++
		k[e.a] += e.w
		k[e.b] += e.w
		m2 += 2 * e.w
	}
	comm := make([]int32, n)
	tot := make([]float64, n) // total degree of each community
	for i := range comm {
		comm[i] = int32(i)
		tot[i] = k[i]
	}
	if m2 == 0 {
		return comm, false
	}
	moved := false
	wTo := make([]float64, n)
	var touched []int32
	for pass := 0; pass < 50; pass++ {
		changed := 0
		for i := 0; i < n; i++ {
			ci := comm[i]
			touched = touched[:0]
			for p := off[i]; p < off[i+1]; p++ {
				c := comm[to[p]]
				if wTo[c] == 0 {
					touched = append(touched, c)
				}
				wTo[c] += tw[p]
			}
			// Take i out of its community, then pick the best community
			// among its neighbours' (gain = w_to − tot·k_i / 2m).
			tot[ci] -= k[i]
			best, bestGain := ci, wTo[ci]-tot[ci]*k[i]/m2
			for _, c := range touched {
				if g := wTo[c] - tot[c]*k[i]/m2; g > bestGain+1e-12 {
					best, bestGain = c, g
				}
			}
			tot[best] += k[i]
			if best != ci {
				comm[i] = best
				changed++
				moved = true
			}
			for _, c := range touched {
				wTo[c] = 0
			}
			wTo[ci] = 0
		}
		if changed == 0 {
			break
		}
	}
	return comm, moved
}

// modularity of a partition, for tests and reports.
func modularity(n int, edges []wedge, label []int32) float64 {
	var m2 float64
	k := make([]float64, n)
	in := map[int32]float64{}
	tot := map[int32]float64{}
	for _, e := range edges {
		m2 += 2 * e.w
		k[e.a] += e.w
		k[e.b] += e.w
		if label[e.a] == label[e.b] {
			in[label[e.a]] += 2 * e.w
		}
	}
	if m2 == 0 {
		return 0
	}
	for i := 0; i < n; i++ {
		tot[label[i]] += k[i]
	}
	q := 0.0
	for c, t := range tot {
		q += in[c]/m2 - (t/m2)*(t/m2)
	}
	return q
}
