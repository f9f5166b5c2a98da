package db

import (
	"context"
	"errors"
	"io"
	"net"

	"github.com/jackc/pgx/v5/pgconn"
)

// IsUnavailable reports whether err means the database could not be
// reached or is shutting down, as opposed to a bug or bad data: the user
// gets a "try again shortly" page rather than an error.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	if _, ok := errors.AsType[*pgconn.ConnectError](err); ok {
		return true
	}
	if _, ok := errors.AsType[net.Error](err); ok {
		return true
	}
	// A connection cut mid-query (PostgreSQL killed or restarted): the
	// read that was waiting ends early, and later use of the same
	// connection, such as the transaction's rollback, finds it closed.
	// Found by TestFaultDatabaseOutageMidStream, where these were 500s.
	// io.ErrUnexpectedEOF is not only pgx's: callers map errors from
	// reading a request body (errBadRequest) before they get here.
	if errors.Is(err, pgconn.ErrConnClosed) || errors.Is(err, io.ErrUnexpectedEOF) {
		return true
	}
	if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok {
		// Class 08: connection exceptions; 57P01-57P03: the server is
		// shutting down or starting up.
		return pgErr.Code[:2] == "08" || pgErr.Code == "57P01" || pgErr.Code == "57P02" || pgErr.Code == "57P03"
	}
	return errors.Is(err, context.DeadlineExceeded) || pgconn.Timeout(err)
}
