package link

import "math/bits"

// radixDigit is the digit width of sortKeys: 2,048 counters fit in the
// first-level cache, and a 40-bit key (a dictionary id beside an account
// id) takes four passes.
const radixDigit = 11

// sortKeys sorts keys ascending with a least-significant-digit radix sort,
// using scratch (grown as needed) for the passes, and returns the sorted
// slice (keys or scratch) and the scratch to keep. Co-activity sorts one
// window's (address, account) keys at a time, hundreds of thousands of
// them; a comparison sort spends about log2(n) = 19 compares on each, this
// spends one read and one write per digit that varies, and digits no key
// varies in (the high bits of small ids) are skipped.
func sortKeys(keys, scratch []uint64) (sorted, spare []uint64) {
	if len(keys) < 256 {
		insertionSort(keys)
		return keys, scratch
	}
	var diff uint64
	for _, k := range keys {
		diff |= k ^ keys[0]
	}
	if diff == 0 {
		return keys, scratch
	}
	if cap(scratch) < len(keys) {
		scratch = make([]uint64, len(keys))
	}
	src, dst := keys, scratch[:len(keys)]
	top := 64 - bits.LeadingZeros64(diff)
	var count [1 << radixDigit]int
	for shift := bits.TrailingZeros64(diff) / radixDigit * radixDigit; shift < top; shift += radixDigit {
		if (diff>>shift)&(1<<radixDigit-1) == 0 {
			continue // every key has the same digit here
		}
		clear(count[:])
		for _, k := range src {
			count[(k>>shift)&(1<<radixDigit-1)]++
		}
		sum := 0
		for i, c := range count {
			count[i] = sum
			sum += c
		}
		for _, k := range src {
			d := (k >> shift) & (1<<radixDigit - 1)
			dst[count[d]] = k
			count[d]++
		}
		src, dst = dst, src
	}
	return src, dst
}

func insertionSort(keys []uint64) {
	for i := 1; i < len(keys); i++ {
		k := keys[i]
		j := i
		for ; j > 0 && keys[j-1] > k; j-- {
			keys[j] = keys[j-1]
		}
		keys[j] = k
	}
}
