package dataset

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// TestValidIDIsThePattern: ValidID accepts exactly what the documented
// pattern does, on random strings of the id alphabet, its neighbours and
// multi-byte characters, around the length limit.
func TestValidIDIsThePattern(t *testing.T) {
	pattern := regexp.MustCompile(`^[A-Za-z0-9._:-]{1,128}$`)
	alphabet := []string{"A", "z", "0", "9", ".", "_", ":", "-", " ", "/", ",", "@", "[", "`", "{", "é", "\x00", "Z", "a"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		n := rng.IntN(132)
		if rng.IntN(4) == 0 {
			n = 126 + rng.IntN(5)
		}
		for range n {
			if rng.IntN(10) == 0 {
				b.WriteString(alphabet[rng.IntN(len(alphabet))])
			} else {
				b.WriteString(alphabet[rng.IntN(9)])
			}
		}
		s := b.String()
		if ValidID(s) != pattern.MatchString(s) {
			t.Fatalf("ValidID(%q) = %v, the pattern says %v", s, ValidID(s), pattern.MatchString(s))
		}
	}
}
