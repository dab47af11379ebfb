// Package template finds prompt templates: it turns a prompt into a small
// signature that slot-filled and lightly edited variants of one template
// share, and clusters a stream of signatures into template ids. A
// distillation campaign sends tens of thousands of variations of a few
// harness prompts from many accounts; honest traffic is mostly unique. The
// template id is the "object" later stages link accounts on.
//
// # Signature
//
// A text is masked first (Mask): lower-cased, numbers to '#', identifiers,
// e-mails, URLs and paths to '@', short quoted literals to '"', punctuation
// runs collapsed. Slot-filled variants of one template then have the same
// masked text, and Signature.Exact, the 64-bit xxhash of it, is equal.
//
// Edited variants (a word swapped, a clause added) are caught by MinHash
// with LSH banding over the set of word shingles of the masked text
// (punctuation tokens are left out of the shingles, not of the exact hash).
//
// Shingles are word bigrams (ShingleSize = 2), not the 5-grams usual for
// web pages. Prompts are short, and a one-word edit in an n-word text
// changes k of its n−k+1 k-shingles, so the Jaccard similarity of a 15-word
// prompt and its one-word paraphrase is 6/16 = 0.375 with 5-grams, 10/16 =
// 0.625 with trigrams and 12/16 = 0.75 with bigrams: only bigrams keep it
// above the LSH threshold. Masking already removes the slot values that
// longer shingles would otherwise be needed to see past. Measured on the
// public prompt sets, one-word paraphrases of 15-word sentences collide 98%
// of the time with bigrams, 77% with trigrams and 36% with 5-grams, while
// distinct gsm8k questions share a template about 1.2% of the time with
// bigrams (0.3% with 5-grams), each group a real rewrite of one problem.
//
// Each shingle is hashed once to 64 bits (xxhash of each word, combined in
// order and finalised with the MurmurHash3 mixer). The K min-hashes are
// 32-bit multiply-shift hashes of it: min-hashes 2i and 2i+1 are the
// minima over shingles x of the high and the low half of hashMul[i]·x
// mod 2⁶⁴, two independent rows per multiplication. The odd multipliers
// come from a fixed splitmix64 stream, so signatures agree across runs and
// machines; 32-bit minima of different shingles coincide with probability
// about n/2³² for n shingles, which moves no point of the S-curve.
//
// K = NumHashes = 120 min-hashes form b = NumBands = 20 bands of
// r = BandRows = 6 rows. Two texts whose shingle sets have Jaccard
// similarity s share at least one band key with probability 1 − (1 − s⁶)²⁰:
//
//	s   0.2    0.25   0.3    0.4   0.5   0.6   0.7    0.75   0.8    0.9
//	P   0.13%  0.49%  1.45%  7.9%  27%   62%   91.8%  98.0%  99.8%  ≈100%
//
// The curve crosses 0.5 at s ≈ 0.57 ((1/b)^(1/r) ≈ 0.61). The 128-hash
// layouts are steeper but put a one-word paraphrase (s = 0.75) too low:
// 16×8 gives 82%, 18×7 gives 92%. K = 120 costs 60 multiplications and
// 120 comparisons per shingle, most of the sketching time, so K was kept at
// the smallest value that meets both ends of the curve. Band i hashes
// min-hashes [6i, 6i+6) seeded by a per-band constant, so equal values at
// different band positions give different keys.
//
// Texts of fewer than MinWords = 4 words get an exact-only signature
// (Banded false, no band keys). At three words one shared bigram is a
// third of the set and a common opening ("what is …") wins whole bands:
// measured, 2,122 of 5,000 "what is X" prompts merged into one template
// with bands for three-word texts, none without. Generic short prompts
// ("hi", "thanks", "what is rust", the empty prompt) therefore only ever
// join their exact twins and cannot bridge other templates.
//
// A Sketcher holds the scratch buffers (one per goroutine; nothing is
// allocated in the steady state) and a small cache of recent signatures by
// exact hash, so a repeated long text such as a platform's system prompt is
// masked but not min-hashed again. Sketch returns a Pair: the prompt and the
// system prompt are signed separately, never mixed. An agent platform's
// large fixed system prompt is shared by many unrelated users and must not
// make their prompts one template; a harness template sits in the user
// prompt whatever system prompt comes with it; and a pipeline that puts
// its template in the system prompt is caught by clustering SystemSig.
//
// # Wire format (prompt_sig)
//
// Zero-data-retention traffic keeps no text, so the edge computes the Pair
// and logs it in the prompt_sig field (formats-v1.md) as
//
//	dg1.<prompt>[.<system>]
//
// where each part is the unpadded base64url (RFC 4648 §5, canonical:
// trailing bits zero) of a little-endian payload: the 8-byte exact hash,
// followed, for a banded signature, by the 20 band keys of 8 bytes each.
// A part is thus 11 characters (exact only) or 224 characters (banded), and
// the length tells which; a banded part with a zero exact hash is invalid.
// The system part is left out when there is no system prompt (a zero
// SystemSig) and must not be present and empty. Exact hash 0 means the
// empty text. Signature.AppendWire and ParseWire handle one part;
// Pair.AppendWire and ParsePairWire the whole field. "dg1" names the
// masking rules and every parameter above: any change to them needs "dg2".
//
// # Clustering
//
// A Clusterer assigns template ids in input order. A signature takes the
// template owning its exact hash; else the template owning any of its band
// keys, and when its bands hit several templates they are united
// (union-find with path compression; the oldest id stays canonical); else
// a new id. Its exact hash and the band keys not yet held are then stored
// for its template. Assign returns the canonical id at that time, Find the
// canonical id after later merges, Count the signatures in the template.
// Keys are uint64 in an open-addressing table (12 bytes a slot, load at
// most 3/4). The result depends only on the order of the input.
//
// Honest traffic is mostly unique, and each unique banded prompt stores 21
// keys, so memory is bounded by eviction. Assign calls are grouped in
// generations of Config.Window calls (DefaultWindow = 32,768); when a
// generation closes, the templates created in the one before that are
// still seen only once are forgotten together with their keys. Templates
// seen at least twice (an exact repeat, a near-duplicate, a merge) are
// kept whole: eviction never splits them. What is lost: a template seen once
// is remembered for between one and two windows; a variant arriving later
// starts a new template, and the first occurrence is not counted in it.
//
// The key table is also capped at Config.MaxKeys (DefaultMaxKeys = 2²²).
// A generation is closed early (Stats.ForcedRotations) when its keys reach
// half of the room the kept templates leave, or when the next signature
// might not fit; the window then shrinks with the pressure. When templates
// seen twice alone fill the table, new keys are not stored (Stats.Dropped)
// and new templates cannot be found again. Memory is therefore bounded
// whatever the stream:
//
//   - key table: at most the smallest power of two above 4/3·MaxKeys slots
//     of 12 bytes (96 MiB for the default 4,194,304 keys);
//   - template states: one map entry (about 20–40 bytes) per live template,
//     at most MaxKeys + 2·Window of them, since every remembered template
//     holds at least its exact key and the others are gone within two
//     generations; with mostly-unique traffic about Keys/21;
//   - generation lists: at most 2·Window·(1 + 8·21) bytes (11 MiB at the
//     default window).
//
// Template ids are uint32 and are never reused, so one Clusterer issues at
// most 2³²−1 of them (Stats.Templates; Assign panics beyond): run one per
// day or per batch.
package template
