package roles

import (
	"net/url"
	"testing"
)

// BenchmarkQueryKey is the work done for every /roles request before the
// page cache is consulted: parse the URL's search and write its
// canonical form, the cache key.
func BenchmarkQueryKey(b *testing.B) {
	v, err := url.ParseQuery("q=machine+learning&area=technology&degree=masters&mode=hybrid&sort=newest&page=3&utm_source=x")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = "/roles?" + ParseQuery(v).Values().Encode()
	}
}
