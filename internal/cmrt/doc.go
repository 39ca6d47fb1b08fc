// Package cmrt reads the smelters that a supplier declares in RMI's Conflict
// Minerals Reporting Template (CMRT 6.x, an .xlsx workbook), and CSV files of
// RMAP statuses. It only parses: nothing here touches a database.
//
// # Workbooks
//
// Read finds the sheets by name ("Declaration", "Smelter List") and the
// Smelter List header row by its content (the first of rows 1 to 10 with a
// Metal column and two other known columns; row 4 in CMRT 6.x), and matches
// headers by meaning, never by column letter: case, whitespace, line breaks,
// punctuation and the "(*)"/"(1)" markers are ignored and a header matches by
// its leading words ("Smelter Look-up (*)", "smelter lookup" and "SMELTER
// LOOK-UP\n(*)" are one column). The company name and the effective date are
// read from the Declaration sheet: the first non-empty cell to the right of
// the label ("Company Name (*):", "Effective Date (*):" or "Date of Completion").
//
// Nothing is guessed. Each Smelter List row becomes a Smelter or an Issue:
//
//   - Blank rows (no metal, look-up, name, smelter id or input id) are
//     skipped silently; so are rows that hold only values the look-up fills in
//     (country, source, address).
//   - A row without a smelter id is not imported and is reported, with a
//     message that says whether the look-up says "Smelter not listed" or
//     "Smelter not yet identified". The id is the "Smelter Identification"
//     column, or the "Smelter Identification Number Input Column" when that is
//     empty; when both are set and differ, the former is used and the
//     difference is reported.
//   - A smelter id that is not a valid project id (1 to 128 characters of
//     A-Z a-z 0-9 . _ : -) is reported and the row is not imported. Ids are
//     kept as written (trimmed), not upper-cased.
//   - A missing or unknown metal is reported and the row is not imported.
//     Metals are matched case-insensitively: Tin, Tantalum, Tungsten, Gold,
//     Cobalt become TIN, TANTALUM, TUNGSTEN, GOLD, COBALT.
//   - A missing country, or one that CountryCode cannot map to ISO 3166-1
//     alpha-2 (including "Unknown"), is reported, and the smelter IS imported
//     with an empty Country (CountryName keeps the text as written): the
//     smelter id identifies the smelter, its country is an attribute that the
//     RMI smelter list can supply.
//   - A smelter without any name (Smelter Name, Smelter Look-up and Standard
//     Smelter Name all empty) is imported with an empty name and reported.
//   - A smelter id listed twice is imported once, from its first row; later
//     rows are reported, saying whether they name the same metal or another.
//
// A file that is not an .xlsx workbook (an old .xls, an encrypted workbook,
// anything else), a workbook without a Smelter List sheet, and a Smelter List
// without a recognizable header row or without a smelter id column are errors
// of kind domain.BadInput naming the file and what is missing. A missing
// Declaration sheet, company name or effective date is only an issue.
//
// # RMAP statuses
//
// ReadRMAPStatuses reads a CSV file with a header row and the columns rmi_id
// and rmap_status; any problem is reported as "file:line: column: message".
//
// # Tests
//
// cmrttest.BuildTestWorkbook and TestWorkbook write CMRT-6.x-shaped workbooks for the
// tests of this and other packages.
package cmrt
