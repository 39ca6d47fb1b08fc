// Package dataset reads and validates a bulk-load dataset: a directory of
// UTF-8 CSV files (companies.csv, facilities.csv, supply_links.csv, codes.csv,
// code_accepts.csv, requests.csv, acknowledgments.csv, findings.csv) with a
// header row and columns matched by name.
//
// Reading checks everything that can be checked without a database: columns,
// required values, enums, ids, dates, numbers, shares, self-loops and
// references inside the dataset. References to ids that the dataset does not
// define are returned as Refs for the caller to resolve against the store;
// Resolve turns the missing ones into issues. Every problem is reported as
// "file:line: column: message". Records are deduplicated by key, the last row
// winning, so that loading a dataset twice equals loading it once.
package dataset
