package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"maps"
	"mime"
	"path"
	"slices"
	"strings"
)

//go:embed static
var staticFS embed.FS

// Asset is one static file, held in memory with its hashed name.
type Asset struct {
	// Name is the file's own name, such as "app.css".
	Name string
	// URL is where it is served: /static/app.<hash>.css.
	URL string
	// ContentType is the MIME type for the Content-Type header.
	ContentType string
	// Body is the file's bytes.
	Body []byte
}

// Assets holds the embedded static files under content-hashed URLs, so a
// browser may cache each one forever: a changed file gets a new URL.
// The server serves them (internal/server/static.go) from All.
type Assets struct {
	byName map[string]*Asset
}

// LoadAssets reads and hashes the embedded static files once.
func LoadAssets() (*Assets, error) {
	a := &Assets{byName: map[string]*Asset{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		hash := hex.EncodeToString(sum[:])[:12]
		name := strings.TrimPrefix(p, "static/")
		ext := path.Ext(name)
		asset := &Asset{
			Name:        name,
			URL:         "/static/" + strings.TrimSuffix(name, ext) + "." + hash + ext,
			ContentType: mime.TypeByExtension(ext),
			Body:        body,
		}
		if asset.ContentType == "" {
			asset.ContentType = "application/octet-stream"
		}
		a.byName[name] = asset
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("static assets: %w", err)
	}
	return a, nil
}

// URL returns the hashed URL of the named file. It panics on an unknown
// name: that is a programming error a test catches on the first page.
func (a *Assets) URL(name string) string {
	asset, ok := a.byName[name]
	if !ok {
		panic("web: no static asset " + name)
	}
	return asset.URL
}

// All lists the assets, in name order.
func (a *Assets) All() []*Asset {
	list := make([]*Asset, 0, len(a.byName))
	for _, name := range slices.Sorted(maps.Keys(a.byName)) {
		list = append(list, a.byName[name])
	}
	return list
}
