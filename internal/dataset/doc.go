// Package dataset reads and validates a bulk-load dataset: a directory of
// UTF-8 CSV files (companies.csv, facilities.csv, supply_links.csv, codes.csv,
// code_accepts.csv, requests.csv, acknowledgments.csv, findings.csv) with a
// header row and columns matched by name.
//
// Validate checks everything: columns, required values, enums, ids, dates,
// numbers, shares, self-loops, references inside the dataset, and the
// references to ids it does not define against the store (a Lookup). Every
// problem is reported as "file:line: column: message"; a file that cannot
// be read is reported once, and the references into it are not checked.
// A key repeated in one file is valid (loading makes the last row win, so
// that loading a dataset twice equals loading it once) but warned about,
// naming both lines. Records then gives a valid dataset's records in file
// order, repeats included.
package dataset
