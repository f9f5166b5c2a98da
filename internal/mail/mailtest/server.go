// Package mailtest runs a real SMTP server in-process on 127.0.0.1, so
// tests check the actual conversation and the bytes a mail client gets.
package mailtest

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Received is one message as the server got it.
type Received struct {
	From    string
	To      []string
	Raw     []byte
	Header  mail.Header
	Subject string
	// Text and HTML are the decoded parts of a multipart/alternative body.
	Text, HTML string
	// Calendar is the text/calendar part and CalendarType its full
	// Content-Type (with its method); Attachments are the attached files'
	// bodies by file name, with their types in AttachmentTypes.
	Calendar, CalendarType string
	Attachments            map[string]string
	AttachmentTypes        map[string]string
}

// Server collects messages. Refuse makes it reject the next n messages
// with a temporary error, to test retries.
type Server struct {
	Addr string

	mu       sync.Mutex
	received []Received
	refuse   int
	refuseTo string
	arrived  chan struct{}
}

// Start runs a server until the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{Addr: ln.Addr().String(), arrived: make(chan struct{}, 1000)}
	srv := smtp.NewServer(backend{s})
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return s
}

// URL is the SMTP_URL for this server.
func (s *Server) URL() string { return "smtp://" + s.Addr }

// Refuse rejects the next n messages with a 451 (try again later).
func (s *Server) Refuse(n int) { s.RefuseTo("", n) }

// RefuseTo rejects the next n messages to addr with a 451, and lets
// every other message through: a test refusing one student's mail is not
// thrown off by a job's mail to someone else arriving first.
func (s *Server) RefuseTo(addr string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refuse, s.refuseTo = n, addr
}

// Messages returns what arrived so far.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.received...)
}

// Wait waits until n messages have arrived in total, or fails the test.
func (s *Server) Wait(t testing.TB, n int) []Received {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		if msgs := s.Messages(); len(msgs) >= n {
			return msgs
		}
		select {
		case <-s.arrived:
		case <-deadline:
			t.Fatalf("waited for %d messages, got %d", n, len(s.Messages()))
		}
	}
}

type backend struct{ s *Server }

func (b backend) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{s: b.s}, nil }

type session struct {
	s    *Server
	from string
	to   []string
}

func (ss *session) Reset()        { ss.from, ss.to = "", nil }
func (ss *session) Logout() error { return nil }

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	ss.from = from
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.to = append(ss.to, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	ss.s.mu.Lock()
	defer ss.s.mu.Unlock()
	if ss.s.refuse > 0 && (ss.s.refuseTo == "" || slices.Contains(ss.to, ss.s.refuseTo)) {
		ss.s.refuse--
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	rec, err := parse(raw)
	if err != nil {
		return err
	}
	rec.From, rec.To = ss.from, ss.to
	ss.s.received = append(ss.s.received, rec)
	ss.s.arrived <- struct{}{}
	return nil
}

// parse decodes headers and the text and HTML parts.
func parse(raw []byte) (Received, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Received{}, err
	}
	rec := Received{Raw: raw, Header: msg.Header}
	dec := new(mime.WordDecoder)
	rec.Subject, _ = dec.DecodeHeader(msg.Header.Get("Subject"))
	mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || !strings.HasPrefix(mediaType, "multipart/") {
		return rec, errors.New("mailtest: not a multipart message")
	}
	rec.Attachments, rec.AttachmentTypes = map[string]string{}, map[string]string{}
	if err := rec.parts(msg.Body, params["boundary"]); err != nil {
		return rec, err
	}
	return rec, nil
}

// parts reads a multipart body, descending into nested multiparts (an
// attachment makes multipart/mixed around the alternative).
func (rec *Received) parts(body io.Reader, boundary string) error {
	mr := multipart.NewReader(body, boundary)
	for {
		p, err := mr.NextPart() // decodes quoted-printable
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		ct, params, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		if strings.HasPrefix(ct, "multipart/") {
			if err := rec.parts(p, params["boundary"]); err != nil {
				return err
			}
			continue
		}
		var data []byte
		if strings.EqualFold(p.Header.Get("Content-Transfer-Encoding"), "base64") {
			data, _ = io.ReadAll(base64.NewDecoder(base64.StdEncoding, p))
		} else {
			data, _ = io.ReadAll(p)
		}
		if name := p.FileName(); name != "" {
			rec.Attachments[name], rec.AttachmentTypes[name] = string(data), ct
			continue
		}
		switch ct {
		case "text/plain":
			rec.Text = string(data)
		case "text/html":
			rec.HTML = string(data)
		case "text/calendar":
			rec.Calendar, rec.CalendarType = string(data), p.Header.Get("Content-Type")
		}
	}
}
