#include "textflag.h"

// func plainBlocks(b []byte, n int) (k int, done bool)
//
// Scans b sixteen bytes at a time for a quote, a backslash, a byte below
// 0x20 or one above 0x7F. It stops at the first (k = its index, clamped
// to n, done = true), once k reaches n (k = n, done = true), or when the
// next block would pass len(b) (k = where it stopped, done = false).
TEXT ·plainBlocks(SB), NOSPLIT, $0-41
	MOVQ b_base+0(FP), SI
	MOVQ b_len+8(FP), CX
	MOVQ n+24(FP), DX
	MOVQ $0x2222222222222222, AX
	MOVQ AX, X1
	PUNPCKLQDQ X1, X1
	MOVQ $0x5c5c5c5c5c5c5c5c, AX
	MOVQ AX, X2
	PUNPCKLQDQ X2, X2
	MOVQ $0x2020202020202020, AX
	MOVQ AX, X3
	PUNPCKLQDQ X3, X3
	XORQ BX, BX

loop:
	CMPQ BX, DX
	JGE  reached
	LEAQ 16(BX), R8
	CMPQ R8, CX
	JGT  partial
	MOVOU (SI)(BX*1), X0
	MOVOU X0, X4
	PCMPEQB X1, X4
	MOVOU X0, X5
	PCMPEQB X2, X5
	POR X5, X4
	MOVOU X3, X6
	PCMPGTB X0, X6 // 0x20 > x as signed bytes: below 0x20 or above 0x7F
	POR X6, X4
	PMOVMSKB X4, AX
	TESTL AX, AX
	JNZ found
	MOVQ R8, BX
	JMP loop

found:
	BSFL AX, AX
	ADDQ BX, AX
	CMPQ AX, DX
	CMOVQGT DX, AX
	MOVQ AX, k+32(FP)
	MOVB $1, done+40(FP)
	RET

reached:
	MOVQ DX, k+32(FP)
	MOVB $1, done+40(FP)
	RET

partial:
	MOVQ BX, k+32(FP)
	MOVB $0, done+40(FP)
	RET
