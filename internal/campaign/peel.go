package campaign

import "container/heap"

// peel finds the densest block of a bipartite account × object graph by
// greedy peeling (Fraudar, Hooi et al. 2016): repeatedly remove the node
// (account or object) with the least weighted degree, and keep the node set
// at which total edge weight divided by node count was highest. Peeling is
// camouflage-resistant because an attacker's edges to ordinary objects
// neither raise nor lower the weight inside the block, and it costs
// O(|E| log |V|).
//
// nAcct accounts are nodes 0..nAcct-1, objects follow. It returns which
// nodes are in the densest block.
func peel(nAcct, nObj int, edges []pedge) []bool {
	n := nAcct + nObj
	adj := make([][]int32, n)
	deg := make([]float64, n)
	total := 0.0
	for i, e := range edges {
		a, o := e.acct, int32(nAcct)+e.obj
		adj[a] = append(adj[a], int32(i))
		adj[o] = append(adj[o], int32(i))
		deg[a] += e.w
		deg[o] += e.w
		total += e.w
	}
	alive := make([]bool, n)
	h := make(peelHeap, 0, n)
	for i := 0; i < n; i++ {
		alive[i] = true
		h = append(h, peelItem{node: int32(i), deg: deg[i]})
	}
	heap.Init(&h)
	removedEdge := make([]bool, len(edges))
	order := make([]int32, 0, n)
	left := n
	best, bestAt := total/float64(n), 0
	for h.Len() > 0 {
		it := heap.Pop(&h).(peelItem)
		v := it.node
		if !alive[v] || it.deg != deg[v] {
			continue // stale entry
		}
		alive[v] = false
		order = append(order, v)
		left--
		for _, ei := range adj[v] {
			if removedEdge[ei] {
				continue
			}
			removedEdge[ei] = true
			e := edges[ei]
			total -= e.w
			u := e.acct
			if u == v {
				u = int32(nAcct) + e.obj
			}
			deg[u] -= e.w
			heap.Push(&h, peelItem{node: u, deg: deg[u]})
		}
		if left > 0 {
			if d := total / float64(left); d > best {
				best, bestAt = d, len(order)
			}
		}
	}
	in := make([]bool, n)
	for _, v := range order[bestAt:] {
		in[v] = true
	}
	return in
}

// pedge is an account–object edge of weight w.
type pedge struct {
	acct int32
	obj  int32
	w    float64
}

type peelItem struct {
	node int32
	deg  float64
}

type peelHeap []peelItem

func (h peelHeap) Len() int { return len(h) }
func (h peelHeap) Less(i, j int) bool {
	if h[i].deg != h[j].deg {
		return h[i].deg < h[j].deg
	}
	return h[i].node < h[j].node
}
func (h peelHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *peelHeap) Push(x any)   { *h = append(*h, x.(peelItem)) }
func (h *peelHeap) Pop() any {
	old := *h
	it := old[len(old)-1]
	*h = old[:len(old)-1]
	return it
}
