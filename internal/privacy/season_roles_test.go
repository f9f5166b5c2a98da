package privacy_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"example.com/careers/internal/db/dbtest"
	"example.com/careers/internal/privacy"
)

// SeasonHasRoles compares season names as the retention rule does
// (letter case and surrounding spaces aside), so its warning fires
// exactly when the rule's protection of the current season is off.
func TestSeasonHasRoles(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s := privacy.NewStore(pool)
	season := "Winter " + strconv.FormatInt(time.Now().UnixNano(), 36)
	if found, err := s.SeasonHasRoles(ctx, season); err != nil || found {
		t.Fatalf("before any role: %v, %v", found, err)
	}
	seasonRole(t, pool, "season-check", season)
	for _, name := range []string{season, "  " + season + " ", strings.ToUpper(season)} {
		if found, err := s.SeasonHasRoles(ctx, name); err != nil || !found {
			t.Errorf("SeasonHasRoles(%q) = %v, %v", name, found, err)
		}
	}
	if found, _ := s.SeasonHasRoles(ctx, season+"x"); found {
		t.Error("another season's name matched")
	}
}
