package web

import (
	"bytes"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/draw"
	"image/png"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/qr"
)

// QRFileSVG is a QR code of text as a standalone SVG file, to download
// and print at any size: black modules on white, with the standard
// quiet margin, high error correction so a creased flyer still scans.
func QRFileSVG(text string) ([]byte, error) {
	code, err := qrEncode(text, qr.H)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="%s" width="%d" height="%d" shape-rendering="crispEdges" role="img">
<title>QR code for %s</title>
<rect width="100%%" height="100%%" fill="#fff"/>
<path fill="#000" d="%s"/>
</svg>
`, code.ViewBox(), code.Size*8, code.Size*8, html.EscapeString(text), code.Path)
	return b.Bytes(), nil
}

// QRFilePNG is the same code as a PNG of about px pixels a side (a whole
// number of pixels per module, so the edges stay sharp).
func QRFilePNG(text string, px int) ([]byte, error) {
	code, err := qr.Encode(text, qr.H, qr.Auto)
	if err != nil {
		return nil, err
	}
	modules := code.Bounds().Dx() + 2*qrQuiet
	scale := max(1, px/modules)
	inner, err := barcode.Scale(code, code.Bounds().Dx()*scale, code.Bounds().Dy()*scale)
	if err != nil {
		return nil, err
	}
	side := modules * scale
	img := image.NewGray(image.Rect(0, 0, side, side))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	off := image.Pt(qrQuiet*scale, qrQuiet*scale)
	draw.Draw(img, inner.Bounds().Add(off), inner, image.Point{}, draw.Src)
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
