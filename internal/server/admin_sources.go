package server

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"example.com/careers/internal/roles"
	"example.com/careers/internal/sources"
	"example.com/careers/web"
)

// sourceRoleChoices bounds the roles a source may land on in the form.
const sourceRoleChoices = 200

// qrPNGSize is the PNG QR code's side in pixels: sharp on a slide, and
// printable a few centimetres wide.
const qrPNGSize = 1024

// shortLink sends a source's short link (/s/{code}) on to where it
// lands, the source in the URL. It is never cached: a link printed on a
// flyer must follow the source as it is now.
func (s *server) shortLink(w http.ResponseWriter, r *http.Request) error {
	src, err := s.Sources.ByCode(r.Context(), chi.URLParam(r, "code"))
	if errors.Is(err, sources.ErrNotFound) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, src.Landing(), http.StatusFound) //nolint:gosec // G710: Landing is a path on this site, from a stored code and slug
	return nil
}

// adminSources lists the sources and the form that adds one.
func (s *server) adminSources(w http.ResponseWriter, r *http.Request) error {
	return s.renderSources(w, r, http.StatusOK, sources.New{}, nil)
}

func (s *server) renderSources(w http.ResponseWriter, r *http.Request, status int, form sources.New, problems sources.Problems) error {
	ctx := r.Context()
	list, err := s.Sources.List(ctx)
	if err != nil {
		return err
	}
	choices, _, err := s.Roles.Choices(ctx, sourceRoleChoices, form.RoleID)
	if err != nil {
		return err
	}
	title := "Sources"
	if len(problems) > 0 {
		title = "Error: " + title
	}
	return s.render(w, r, status, web.AdminSourcesPage(web.AdminSourcesView{
		Chrome: s.adminChrome(r, title), Flash: s.popFlash(r), Sources: list, BaseURL: s.BaseURL,
		Loc: s.Site.Settings.Location(), Roles: choices, Form: form, Errors: problems,
	}))
}

// adminSourceAdd creates a source and shows its short link and code.
func (s *server) adminSourceAdd(w http.ResponseWriter, r *http.Request) error {
	if err := parseAdminForm(w, r); err != nil {
		return err
	}
	ctx := r.Context()
	form := sources.New{Name: r.PostForm.Get(sources.FieldName), Code: r.PostForm.Get(sources.FieldCode)}
	problems := form.Check()
	if v := r.PostForm.Get(sources.FieldRole); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err == nil {
			_, err = s.Roles.ByID(ctx, id)
		}
		switch {
		case err == nil:
			form.RoleID = id
		case errors.Is(err, roles.ErrNotFound) || errors.Is(err, strconv.ErrSyntax) || errors.Is(err, strconv.ErrRange):
			problems[sources.FieldRole] = "Choose a role from the list, or the list of open roles."
		default:
			return err
		}
	}
	if len(problems) > 0 {
		return s.renderSources(w, r, http.StatusUnprocessableEntity, form, problems)
	}
	src, err := s.Sources.Create(ctx, accountFrom(ctx).Actor(), form)
	if errors.Is(err, sources.ErrCodeTaken) {
		return s.renderSources(w, r, http.StatusConflict, form, sources.Problems{
			sources.FieldCode: "Another source already uses the code “" + form.Code + "”: choose another.",
		})
	}
	if err != nil {
		return err
	}
	s.flash(r, "Source added: “"+src.Name+"”. Print its QR code or share its short link.")
	return seeOther(w, r, "/admin/sources/"+strconv.FormatInt(src.ID, 10))
}

// adminSource shows one source's short link and QR code, to print.
func (s *server) adminSource(w http.ResponseWriter, r *http.Request) error {
	src, err := s.sourceByID(r)
	if err != nil {
		return err
	}
	v := web.AdminSourceView{Source: src, BaseURL: s.BaseURL, Loc: s.Site.Settings.Location(), Flash: s.popFlash(r)}
	if v.QR, err = web.NewQRCode(v.ShortLink()); err != nil {
		return err
	}
	v.Chrome = s.adminChrome(r, "Source: "+src.Name)
	return s.render(w, r, http.StatusOK, web.AdminSourcePage(v))
}

// adminSourceQR downloads a source's QR code as SVG or PNG.
func (s *server) adminSourceQR(format string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		src, err := s.sourceByID(r)
		if err != nil {
			return err
		}
		link := s.BaseURL + src.ShortPath()
		var body []byte
		switch format {
		case "svg":
			body, err = web.QRFileSVG(link)
			w.Header().Set("Content-Type", "image/svg+xml")
		default:
			body, err = web.QRFilePNG(link, qrPNGSize)
			w.Header().Set("Content-Type", "image/png")
		}
		if err != nil {
			return err
		}
		w.Header().Set("Content-Disposition", `attachment; filename="source-`+src.Code+`.`+format+`"`)
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		_, err = w.Write(body) //nolint:gosec // G705: an image made here, sent as an attachment with its type
		return err
	}
}

func (s *server) sourceByID(r *http.Request) (sources.Source, error) {
	id, err := idParam(r)
	if err != nil {
		return sources.Source{}, err
	}
	src, err := s.Sources.ByID(r.Context(), id)
	if errors.Is(err, sources.ErrNotFound) {
		return src, errNotFound
	}
	return src, err
}
