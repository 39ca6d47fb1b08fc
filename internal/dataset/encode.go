package dataset

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/supplygraph/supplygraph/internal/domain"
)

// Encode writes records of one file as CSV in the dataset format, with
// every column in the header: the inverse of Records. Records must be of
// the file's type (domain.Company for companies.csv, ...).
func Encode(file string, records []any) ([]byte, error) {
	var buf bytes.Buffer
	w, err := NewFileWriter(&buf, file)
	if err != nil {
		return nil, err
	}
	for i, rec := range records {
		row, err := encodeRecord(file, rec)
		if err != nil {
			return nil, fmt.Errorf("record %d: %w", i, err)
		}
		w.Row(row...)
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func optDate(d *domain.Date) string {
	if d == nil {
		return ""
	}
	return d.String()
}

func optNum[T int | float64](p *T) string {
	if p == nil {
		return ""
	}
	switch v := any(*p).(type) {
	case int:
		return strconv.Itoa(v)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return ""
}

func encodeRecord(file string, rec any) ([]string, error) {
	switch file {
	case CompaniesFile:
		c, ok := rec.(domain.Company)
		if ok {
			return []string{c.ID, c.Name, string(c.Kind), c.Country, string(c.Disclosure), c.Metal, c.RMIID, string(c.RMAPStatus)}, nil
		}
	case FacilitiesFile:
		f, ok := rec.(domain.Facility)
		if ok {
			return []string{f.ID, f.CompanyID, f.Name, f.Country, f.Type}, nil
		}
	case SupplyLinksFile:
		l, ok := rec.(domain.SupplyLink)
		if ok {
			return []string{l.SupplierID, l.CustomerID, l.Material, optDate(l.Since), optDate(l.Until), optNum(l.Share)}, nil
		}
	case CodesFile:
		c, ok := rec.(domain.Code)
		if ok {
			minEd := ""
			if c.MinEdition != 0 {
				minEd = strconv.Itoa(c.MinEdition)
			}
			return []string{c.ID, c.IssuerID, c.Title, strconv.Itoa(c.Edition), c.Issued.String(), minEd, optNum(c.ValidDays)}, nil
		}
	case CodeAcceptsFile:
		a, ok := rec.(domain.CodeAccept)
		if ok {
			return []string{a.CodeID, a.AcceptedCodeID}, nil
		}
	case RequestsFile:
		q, ok := rec.(domain.Request)
		if ok {
			return []string{q.RequesterID, q.SupplierID, q.CodeID, q.Date.String()}, nil
		}
	case AcknowledgmentsFile:
		a, ok := rec.(domain.Acknowledgment)
		if ok {
			return []string{a.CompanyID, a.CodeID, strconv.Itoa(a.Edition), a.Date.String(), a.Signatory}, nil
		}
	case FindingsFile:
		f, ok := rec.(domain.Finding)
		if ok {
			return []string{f.ID, f.SubjectID, string(f.Category), strconv.Itoa(f.Severity), strconv.Itoa(f.Likelihood),
				string(f.Status), string(f.Source), f.Detected.String(), optDate(f.Closed), f.Description}, nil
		}
	default:
		if row, ok := encodeRemedy(file, rec); ok {
			return row, nil
		}
	}
	return nil, fmt.Errorf("a %T is not a record of %s", rec, file)
}
