package cmrt

import (
	"regexp"
	"testing"
)

func TestCountryTable(t *testing.T) {
	codePattern := regexp.MustCompile(`^[A-Z]{2}$`)
	seen := map[string]bool{}
	for _, c := range countries {
		if !codePattern.MatchString(c.code) {
			t.Errorf("bad code %q", c.code)
		}
		if seen[c.code] {
			t.Errorf("code %s listed twice", c.code)
		}
		seen[c.code] = true
		for _, n := range append([]string{c.name}, c.aliases...) {
			if got, ok := CountryCode(n); !ok || got != c.code {
				t.Errorf("CountryCode(%q) = %q, %v; want %s", n, got, ok, c.code)
			}
		}
		if got, ok := CountryCode(c.code); !ok || got != c.code {
			t.Errorf("CountryCode(%q) = %q, %v", c.code, got, ok)
		}
		if CountryName(c.code) != c.name {
			t.Errorf("CountryName(%s) = %q", c.code, CountryName(c.code))
		}
	}
	// 249 officially assigned ISO 3166-1 codes, plus XK.
	if len(seen) != 250 {
		t.Errorf("%d countries, want 250", len(seen))
	}
}

func TestCountryCode(t *testing.T) {
	tests := map[string]string{
		// As the CMRT and the RMI lists spell them.
		"China":                              "CN",
		"Japan":                              "JP",
		"Korea, Republic Of":                 "KR",
		"Korea, Republic of":                 "KR",
		"Taiwan, Province Of China":          "TW",
		"Taiwan":                             "TW",
		"United States Of America":           "US",
		"Russian Federation":                 "RU",
		"Viet Nam":                           "VN",
		"Bolivia (Plurinational State of)":   "BO",
		"Congo, Democratic Republic of the":  "CD",
		"Côte d'Ivoire":                      "CI",
		"Côte D’Ivoire":                      "CI",
		"Cote d'Ivoire":                      "CI",
		"Lao People's Democratic Republic":   "LA",
		"Tanzania, United Republic of":       "TZ",
		"Iran (Islamic Republic of)":         "IR",
		"Venezuela (Bolivarian Republic of)": "VE",
		"United Kingdom of Great Britain and Northern Ireland": "GB",
		"Netherlands":      "NL",
		"Türkiye":          "TR",
		"Curaçao":          "CW",
		"Réunion":          "RE",
		"Åland Islands":    "AX",
		"Saint Barthélemy": "BL",
		// Whitespace, case, punctuation.
		"  united   states  of america ":   "US",
		"UNITED STATES":                    "US",
		"china\n":                          "CN",
		"Korea (Republic of)":              "KR",
		"Republic of Korea":                "KR",
		"Democratic Republic of the Congo": "CD",
		"The Democratic Republic of Congo": "CD",
		"Congo":                            "CG",
		"Republic of the Congo":            "CG",
		"Bolivia":                          "BO",
		"Plurinational State of Bolivia":   "BO",
		"Iran, Islamic Republic of":        "IR",
		"Netherlands (the)":                "NL",
		"The Netherlands":                  "NL",
		"Philippines (the)":                "PH",
		"Gambia (the)":                     "GM",
		"The Gambia":                       "GM",
		"St. Lucia":                        "LC",
		"St Kitts & Nevis":                 "KN",
		"Saint Vincent & the Grenadines":   "VC",
		"Sao Tome & Principe":              "ST",
		"São Tomé and Príncipe":            "ST",
		"Guinea-Bissau":                    "GW",
		"Guinea Bissau":                    "GW",
		"Timor Leste":                      "TL",
		"Micronesia":                       "FM",
		"Moldova":                          "MD",
		"Falkland Islands":                 "FK",
		"Virgin Islands, British":          "VG",
		"Virgin Islands, U.S.":             "VI",
		"Saint Martin":                     "MF",
		"Hong Kong, China":                 "HK",
		"Hong Kong (China)":                "HK",
		"Macau":                            "MO",
		// Aliases.
		"USA":            "US",
		"U.S.A.":         "US",
		"UK":             "GB",
		"South Korea":    "KR",
		"North Korea":    "KP",
		"Russia":         "RU",
		"Vietnam":        "VN",
		"Laos":           "LA",
		"Turkey":         "TR",
		"Czech Republic": "CZ",
		"Burma":          "MM",
		"Swaziland":      "SZ",
		"Ivory Coast":    "CI",
		"DRC":            "CD",
		"Kosovo":         "XK",
		// Codes.
		"cn": "CN",
		"US": "US",
	}
	for in, want := range tests {
		if got, ok := CountryCode(in); !ok || got != want {
			t.Errorf("CountryCode(%q) = %q, %v; want %s", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "Unknown", "Korea", "Virgin Islands", "Atlantis", "XX", "Republic of", "the", "Islands", "China Taiwan Japan"} {
		if got, ok := CountryCode(in); ok {
			t.Errorf("CountryCode(%q) = %q, want not found", in, got)
		}
	}
}
