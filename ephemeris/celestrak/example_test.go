package celestrak_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"

	"github.com/gnssim/gnssim/ephemeris/celestrak"
)

// Fetch a group twice: the first call downloads (here from a local server
// standing in for CelesTrak), the second is served from the cache without a
// request, as CelesTrak asks of its clients.
func ExampleClient_Fetch() {
	tle, err := os.ReadFile("../../testdata/tle/2026-03-18/glonass.tle")
	if err != nil {
		fmt.Println(err)
		return
	}
	requests := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests++
		w.Write(tle)
	}))
	defer srv.Close()
	dir, err := os.MkdirTemp("", "celestrak-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)

	c := &celestrak.Client{BaseURL: srv.URL, CacheDir: dir}
	for range 2 {
		res, err := c.Fetch(context.Background(), "glonass", "tle", false)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s %s: %d element sets in %s, from cache: %v, requests so far: %d\n",
			res.Group, res.Format, res.Sets, filepath.Base(res.Path), res.FromCache, requests)
	}
	// Output:
	// glo-ops tle: 28 element sets in glo-ops.tle, from cache: false, requests so far: 1
	// glo-ops tle: 28 element sets in glo-ops.tle, from cache: true, requests so far: 1
}
