package server

import (
	"errors"
	"io"
	"net/http"
	"slices"
	"time"

	"example.com/careers/internal/ratelimit"
)

// takeUploadSlot bounds the uploads held in memory at once, fairly
// across clients (upload_slots.go); beyond that it asks to retry.
func (s *server) takeUploadSlot(w http.ResponseWriter, r *http.Request) (release func(), err error) {
	release, ok := s.uploads.take(r.Context(), ratelimit.AddressKey(s.clientAddr(r)))
	if !ok {
		// Close the connection once answered: otherwise the server would
		// wait for the rest of a body nobody reads, up to READ_TIMEOUT
		// (a read deadline already passed ends that wait at once).
		w.Header().Set("Connection", "close")
		_ = http.NewResponseController(w).SetReadDeadline(time.Now())
		w.Header().Set("Retry-After", uploadRetryAfterS)
		return nil, errBusy
	}
	return release, nil
}

// readUpload runs read over r's body within an upload's limits: it must
// keep arriving (steadyBody), finish within UPLOAD_TIMEOUT, and stay
// under limit bytes. What went wrong maps to what the person is shown:
// errTooLarge (413) for too large, errBadRequest (400) for a broken or
// cut-off body. what names the form in the log.
func (s *server) readUpload(w http.ResponseWriter, r *http.Request, what string, limit int64, read func(*http.Request) error) error {
	end := time.Now().Add(s.UploadTimeout)
	_ = http.NewResponseController(w).SetWriteDeadline(end.Add(WriteGrace))
	body := newSteadyBody(w, r.Body, end)
	r.Body = http.MaxBytesReader(w, body, limit)
	err := read(r)
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		// Read (and drop) the rest, within bounds, so the browser is
		// listening when the 413 page arrives.
		_, _ = io.CopyN(io.Discard, body, drainLimit)
		return errTooLarge
	}
	// The multipart reader does not always pass the deadline's error on
	// (cut inside a part's header, it reports a malformed header), so
	// the body says whether it was cut.
	if body.cut() {
		ctx := r.Context()
		if body.stalled() {
			// A connection gone quiet (a tunnel, a closed laptop, or
			// someone holding slots): the client's doing, so INFO.
			s.metrics.uploadsCut.WithLabelValues("stalled").Inc()
			s.Logger.InfoContext(ctx, what+": upload stalled below the minimum rate, cut off", "request_id", requestIDFrom(ctx))
		} else {
			// Still arriving, but too slowly for UPLOAD_TIMEOUT: the
			// operator may want a longer one.
			s.metrics.uploadsCut.WithLabelValues("timeout").Inc()
			s.Logger.WarnContext(ctx, what+": upload not finished within UPLOAD_TIMEOUT, cut off",
				"request_id", requestIDFrom(ctx), "upload_timeout", s.UploadTimeout.String())
		}
	}
	if err != nil {
		return errBadRequest
	}
	return nil
}

// uploadForm is a multipart form of text fields and files.
type uploadForm struct {
	// fields holds each text field's first value, values all of them
	// (the boxes ticked in a group of checkboxes).
	fields   map[string]string
	values   map[string][]string
	fileName string
	file     []byte
	// files are the other file fields asked for, by name.
	files map[string]uploadFile
}

type uploadFile struct {
	name string
	data []byte
}

// readUploadForm streams a multipart body, keeping the file named
// fileField, and those named in moreFiles, in memory (never on disk:
// instances stay stateless), at most maxFile+1 bytes of each (one byte
// over tells it is too big), and each text field within maxFieldBytes.
// The first file of a name counts; the caller bounds the whole body.
func readUploadForm(r *http.Request, fileField string, maxFile int64, moreFiles ...string) (uploadForm, error) {
	f := uploadForm{fields: map[string]string{}, values: map[string][]string{}, files: map[string]uploadFile{}}
	mr, err := r.MultipartReader()
	if err != nil {
		return f, errBadRequest
	}
	seenFile := map[string]bool{}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return f, nil
		}
		if err != nil {
			return f, err
		}
		name := part.FormName()
		if name == fileField || slices.Contains(moreFiles, name) {
			if seenFile[name] {
				continue
			}
			seenFile[name] = true
			data, err := io.ReadAll(io.LimitReader(part, maxFile+1))
			if err != nil {
				return f, err
			}
			if name == fileField {
				f.fileName, f.file = part.FileName(), data
			} else {
				f.files[name] = uploadFile{name: part.FileName(), data: data}
			}
			continue
		}
		b, err := io.ReadAll(io.LimitReader(part, maxFieldBytes+1))
		if err != nil {
			return f, err
		}
		if len(b) > maxFieldBytes {
			return f, &http.MaxBytesError{Limit: maxFieldBytes}
		}
		if _, ok := f.fields[name]; !ok {
			f.fields[name] = string(b)
		}
		f.values[name] = append(f.values[name], string(b))
	}
}
