package domain

import (
	"errors"
	"fmt"
)

// ErrorKind classifies an error so that every layer can react to it the same
// way; the GraphQL layer reports it as extensions.code.
type ErrorKind string

// Error kinds.
const (
	NotFound    ErrorKind = "NOT_FOUND"
	BadInput    ErrorKind = "BAD_INPUT"
	Unavailable ErrorKind = "UNAVAILABLE"
	Timeout     ErrorKind = "TIMEOUT"
	// Busy: the request waited too long for its turn (too many analysis
	// questions at once); asking again later may succeed.
	Busy            ErrorKind = "BUSY"
	Unauthenticated ErrorKind = "UNAUTHENTICATED"
	Forbidden       ErrorKind = "FORBIDDEN"
	Internal        ErrorKind = "INTERNAL"
)

// Error is an error with a kind and a message fit to show to a client.
// Internal errors keep their cause for the logs only.
type Error struct {
	Kind    ErrorKind
	Message string
	Cause   error
}

func (e *Error) Error() string {
	if e.Cause != nil {
		return e.Message + ": " + e.Cause.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Cause }

// Errorf returns an *Error of the given kind.
func Errorf(kind ErrorKind, format string, args ...any) *Error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// Wrap returns an *Error of the given kind with a public message and a cause
// that is logged but never shown.
func Wrap(kind ErrorKind, cause error, message string) *Error {
	return &Error{Kind: kind, Message: message, Cause: cause}
}

// KindOf returns the kind of err: the kind of the first *Error in its chain,
// or Internal for any other non-nil error, or "" for nil.
func KindOf(err error) ErrorKind {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// PublicMessage returns the message of err that may be shown to a client.
func PublicMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Kind != Internal {
		return e.Message
	}
	return "internal error"
}
