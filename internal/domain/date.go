package domain

import (
	"fmt"
	"time"
)

// Date is a calendar date without time or zone, counted in days since
// 1970-01-01. Its text form is YYYY-MM-DD, in files and in the API alike.
type Date int32

const dateLayout = "2006-01-02"

// ParseDate parses s as YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 {
		return 0, fmt.Errorf("invalid date %q: want YYYY-MM-DD", s)
	}
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return 0, fmt.Errorf("invalid date %q: want YYYY-MM-DD", s)
	}
	return DateOf(t), nil
}

// DateOf returns the calendar date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	u := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return Date(u.Unix() / 86400)
}

// Today returns today's date in UTC.
func Today() Date { return DateOf(time.Now().UTC()) }

// Time returns midnight UTC of d.
func (d Date) Time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// String formats d as YYYY-MM-DD.
func (d Date) String() string { return d.Time().Format(dateLayout) }

// AddDays returns d plus n days.
func (d Date) AddDays(n int) Date { return d + Date(n) }
