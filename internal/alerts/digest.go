package alerts

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"example.com/careers/internal/roles"
)

// Compose queues the digest mail for sub about rs inside tx.
type Compose func(ctx context.Context, tx pgx.Tx, sub Subscription, rs []roles.Role) error

// SendDigests tells every active subscriber, once, about the open roles
// published since they confirmed that match their interests and that they
// have not heard about. Each subscriber's mail and delivery records are
// one transaction, so a crash never loses or repeats an alert. It returns
// how many subscribers were mailed.
func (s *Store) SendDigests(ctx context.Context, now time.Time, compose Compose) (int, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT `+subColumns+` FROM alert_subscriptions
		WHERE confirmed_at IS NOT NULL AND unsubscribed_at IS NULL ORDER BY id`)
	if err != nil {
		return 0, fmt.Errorf("digest: %w", err)
	}
	subs, err := pgx.CollectRows(rows, pgx.RowToStructByName[Subscription])
	if err != nil {
		return 0, fmt.Errorf("digest: %w", err)
	}
	sent := 0
	for _, sub := range subs {
		n, err := s.digestFor(ctx, sub, now, compose)
		if err != nil {
			return sent, err
		}
		sent += n
	}
	return sent, nil
}

func (s *Store) digestFor(ctx context.Context, sub Subscription, now time.Time, compose Compose) (int, error) {
	sent := 0
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		// Open roles only: an alert never points at a role that closed.
		rows, err := tx.Query(ctx, `
			SELECT `+roles.Columns("r.")+` FROM roles r
			WHERE r.status = 'open' AND (r.closes_at IS NULL OR r.closes_at > $2)
			  AND r.opens_at >= $3
			  AND (cardinality($4::text[]) = 0 OR r.area = ANY ($4))
			  AND ($5 = '' OR $5 = ANY (r.degree_levels))
			  AND NOT EXISTS (SELECT FROM alert_deliveries d WHERE d.subscription_id = $1 AND d.role_id = r.id)
			ORDER BY r.opens_at, r.id
			FOR SHARE OF r`, sub.ID, now, sub.ConfirmedAt, areaNames(sub.Areas), string(sub.Degree))
		if err != nil {
			return err
		}
		rs, err := pgx.CollectRows(rows, pgx.RowToStructByName[roles.Role])
		if err != nil || len(rs) == 0 {
			return err
		}
		for _, r := range rs {
			if _, err := tx.Exec(ctx, `INSERT INTO alert_deliveries (subscription_id, role_id) VALUES ($1, $2)`, sub.ID, r.ID); err != nil {
				return err
			}
		}
		sent = 1
		// Each digest carries an unsubscribe link of its own (only hashes
		// are stored, so an earlier one cannot be written again).
		if sub.Token, err = newLink(ctx, tx, sub.ID, purposeUnsubscribe); err != nil {
			return err
		}
		return compose(ctx, tx, sub, rs)
	})
	if err != nil {
		return 0, fmt.Errorf("digest for subscription %d: %w", sub.ID, err)
	}
	return sent, nil
}

func areaNames(as []roles.Area) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = string(a)
	}
	return out
}
