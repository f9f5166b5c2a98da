package web

import (
	"strconv"
	"strings"

	"github.com/boombuler/barcode/qr"
)

// QRCode is a QR code drawn as one SVG path: inline markup, so it needs
// no image URL (the CSP allows none but the site's own) and scales
// crisply.
type QRCode struct {
	Size int
	Path string
}

// qrQuiet is the white margin around the code, in modules, as the
// standard asks.
const qrQuiet = 4

// NewQRCode encodes text (an otpauth:// URL) at medium error correction.
func NewQRCode(text string) (QRCode, error) { return qrEncode(text, qr.M) }

// qrEncode encodes text at error correction level.
func qrEncode(text string, level qr.ErrorCorrectionLevel) (QRCode, error) {
	code, err := qr.Encode(text, level, qr.Auto)
	if err != nil {
		return QRCode{}, err
	}
	b := code.Bounds()
	var p strings.Builder
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if r, _, _, _ := code.At(x, y).RGBA(); r == 0 {
				p.WriteString("M" + strconv.Itoa(x+qrQuiet) + " " + strconv.Itoa(y+qrQuiet) + "h1v1h-1z")
			}
		}
	}
	return QRCode{Size: b.Dx() + 2*qrQuiet, Path: p.String()}, nil
}

// ViewBox is the SVG viewBox of the code with its margin.
func (q QRCode) ViewBox() string {
	n := strconv.Itoa(q.Size)
	return "0 0 " + n + " " + n
}

// spaced groups a TOTP secret in fours, as apps show it, to type in.
func spaced(secret string) string {
	var b strings.Builder
	for i, r := range secret {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}
