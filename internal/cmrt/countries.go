package cmrt

import (
	"strings"
	"unicode"
)

// country is one ISO 3166-1 country: its alpha-2 code, its English short name
// as the ISO list and the CMRT country list spell it, and other names it is
// commonly given.
type country struct {
	code    string
	name    string
	aliases []string
}

// countries lists every officially assigned ISO 3166-1 alpha-2 code (249),
// plus XK for Kosovo, a user-assigned code in common use (the RMI lists name
// smelters in Kosovo). Names follow the ISO short names, which the CMRT
// country list follows too ("Korea, Republic of", "Taiwan, Province of China",
// "Viet Nam", "Bolivia (Plurinational State of)", ...).
var countries = []country{
	{"AD", "Andorra", nil},
	{"AE", "United Arab Emirates", []string{"UAE", "U.A.E."}},
	{"AF", "Afghanistan", nil},
	{"AG", "Antigua and Barbuda", nil},
	{"AI", "Anguilla", nil},
	{"AL", "Albania", nil},
	{"AM", "Armenia", nil},
	{"AO", "Angola", nil},
	{"AQ", "Antarctica", nil},
	{"AR", "Argentina", nil},
	{"AS", "American Samoa", nil},
	{"AT", "Austria", nil},
	{"AU", "Australia", nil},
	{"AW", "Aruba", nil},
	{"AX", "Åland Islands", nil},
	{"AZ", "Azerbaijan", nil},
	{"BA", "Bosnia and Herzegovina", []string{"Bosnia-Herzegovina", "Bosnia"}},
	{"BB", "Barbados", nil},
	{"BD", "Bangladesh", nil},
	{"BE", "Belgium", nil},
	{"BF", "Burkina Faso", nil},
	{"BG", "Bulgaria", nil},
	{"BH", "Bahrain", nil},
	{"BI", "Burundi", nil},
	{"BJ", "Benin", nil},
	{"BL", "Saint Barthélemy", nil},
	{"BM", "Bermuda", nil},
	{"BN", "Brunei Darussalam", []string{"Brunei"}},
	{"BO", "Bolivia (Plurinational State of)", []string{"Bolivia"}},
	{"BQ", "Bonaire, Sint Eustatius and Saba", []string{"Caribbean Netherlands"}},
	{"BR", "Brazil", []string{"Brasil"}},
	{"BS", "Bahamas", nil},
	{"BT", "Bhutan", nil},
	{"BV", "Bouvet Island", nil},
	{"BW", "Botswana", nil},
	{"BY", "Belarus", nil},
	{"BZ", "Belize", nil},
	{"CA", "Canada", nil},
	{"CC", "Cocos (Keeling) Islands", []string{"Cocos Islands", "Keeling Islands"}},
	{"CD", "Congo, Democratic Republic of the", []string{"Congo, The Democratic Republic of the",
		"Democratic Republic of Congo", "DR Congo", "D.R. Congo", "DRC", "Congo (Kinshasa)", "Congo-Kinshasa", "Zaire"}},
	{"CF", "Central African Republic", nil},
	{"CG", "Congo", []string{"Republic of the Congo", "Congo, Republic of", "Congo Republic", "Congo (Brazzaville)", "Congo-Brazzaville"}},
	{"CH", "Switzerland", nil},
	{"CI", "Côte d'Ivoire", []string{"Ivory Coast", "Cote d Ivoire"}},
	{"CK", "Cook Islands", nil},
	{"CL", "Chile", nil},
	{"CM", "Cameroon", nil},
	{"CN", "China", []string{"People's Republic of China", "PRC", "P.R. China", "P.R.C.", "Mainland China"}},
	{"CO", "Colombia", nil},
	{"CR", "Costa Rica", nil},
	{"CU", "Cuba", nil},
	{"CV", "Cabo Verde", []string{"Cape Verde"}},
	{"CW", "Curaçao", nil},
	{"CX", "Christmas Island", nil},
	{"CY", "Cyprus", nil},
	{"CZ", "Czechia", []string{"Czech Republic"}},
	{"DE", "Germany", []string{"Federal Republic of Germany", "Deutschland"}},
	{"DJ", "Djibouti", nil},
	{"DK", "Denmark", nil},
	{"DM", "Dominica", nil},
	{"DO", "Dominican Republic", nil},
	{"DZ", "Algeria", nil},
	{"EC", "Ecuador", nil},
	{"EE", "Estonia", nil},
	{"EG", "Egypt", nil},
	{"EH", "Western Sahara", nil},
	{"ER", "Eritrea", nil},
	{"ES", "Spain", nil},
	{"ET", "Ethiopia", nil},
	{"FI", "Finland", nil},
	{"FJ", "Fiji", nil},
	{"FK", "Falkland Islands (Malvinas)", nil},
	{"FM", "Micronesia (Federated States of)", []string{"Federated States of Micronesia"}},
	{"FO", "Faroe Islands", nil},
	{"FR", "France", nil},
	{"GA", "Gabon", nil},
	{"GB", "United Kingdom of Great Britain and Northern Ireland", []string{"United Kingdom", "UK", "U.K.",
		"Great Britain", "Britain", "England", "Scotland", "Wales"}},
	{"GD", "Grenada", nil},
	{"GE", "Georgia", nil},
	{"GF", "French Guiana", nil},
	{"GG", "Guernsey", nil},
	{"GH", "Ghana", nil},
	{"GI", "Gibraltar", nil},
	{"GL", "Greenland", nil},
	{"GM", "Gambia", nil},
	{"GN", "Guinea", nil},
	{"GP", "Guadeloupe", nil},
	{"GQ", "Equatorial Guinea", nil},
	{"GR", "Greece", nil},
	{"GS", "South Georgia and the South Sandwich Islands", nil},
	{"GT", "Guatemala", nil},
	{"GU", "Guam", nil},
	{"GW", "Guinea-Bissau", nil},
	{"GY", "Guyana", nil},
	{"HK", "Hong Kong", []string{"Hong Kong SAR", "Hong Kong, China", "Hong Kong SAR, China", "Hongkong"}},
	{"HM", "Heard Island and McDonald Islands", nil},
	{"HN", "Honduras", nil},
	{"HR", "Croatia", nil},
	{"HT", "Haiti", nil},
	{"HU", "Hungary", nil},
	{"ID", "Indonesia", nil},
	{"IE", "Ireland", nil},
	{"IL", "Israel", nil},
	{"IM", "Isle of Man", nil},
	{"IN", "India", nil},
	{"IO", "British Indian Ocean Territory", nil},
	{"IQ", "Iraq", nil},
	{"IR", "Iran (Islamic Republic of)", []string{"Iran", "Islamic Republic of Iran"}},
	{"IS", "Iceland", nil},
	{"IT", "Italy", nil},
	{"JE", "Jersey", nil},
	{"JM", "Jamaica", nil},
	{"JO", "Jordan", nil},
	{"JP", "Japan", nil},
	{"KE", "Kenya", nil},
	{"KG", "Kyrgyzstan", []string{"Kyrgyz Republic"}},
	{"KH", "Cambodia", nil},
	{"KI", "Kiribati", nil},
	{"KM", "Comoros", nil},
	{"KN", "Saint Kitts and Nevis", nil},
	{"KP", "Korea (Democratic People's Republic of)", []string{"Korea, Democratic People's Republic of",
		"Democratic People's Republic of Korea", "North Korea", "Korea, North", "DPRK"}},
	{"KR", "Korea, Republic of", []string{"Republic of Korea", "South Korea", "Korea, South", "Korea (South)"}},
	{"KW", "Kuwait", nil},
	{"KY", "Cayman Islands", nil},
	{"KZ", "Kazakhstan", nil},
	{"LA", "Lao People's Democratic Republic", []string{"Laos", "Lao PDR", "Lao"}},
	{"LB", "Lebanon", nil},
	{"LC", "Saint Lucia", nil},
	{"LI", "Liechtenstein", nil},
	{"LK", "Sri Lanka", nil},
	{"LR", "Liberia", nil},
	{"LS", "Lesotho", nil},
	{"LT", "Lithuania", nil},
	{"LU", "Luxembourg", nil},
	{"LV", "Latvia", nil},
	{"LY", "Libya", []string{"Libyan Arab Jamahiriya"}},
	{"MA", "Morocco", nil},
	{"MC", "Monaco", nil},
	{"MD", "Moldova, Republic of", []string{"Moldova", "Republic of Moldova"}},
	{"ME", "Montenegro", nil},
	{"MF", "Saint Martin (French part)", []string{"Saint-Martin"}},
	{"MG", "Madagascar", nil},
	{"MH", "Marshall Islands", nil},
	{"MK", "North Macedonia", []string{"Republic of North Macedonia", "Macedonia",
		"Macedonia, the former Yugoslav Republic of", "Former Yugoslav Republic of Macedonia", "FYROM"}},
	{"ML", "Mali", nil},
	{"MM", "Myanmar", []string{"Burma"}},
	{"MN", "Mongolia", nil},
	{"MO", "Macao", []string{"Macau", "Macao SAR", "Macao, China", "Macau SAR, China"}},
	{"MP", "Northern Mariana Islands", nil},
	{"MQ", "Martinique", nil},
	{"MR", "Mauritania", nil},
	{"MS", "Montserrat", nil},
	{"MT", "Malta", nil},
	{"MU", "Mauritius", nil},
	{"MV", "Maldives", nil},
	{"MW", "Malawi", nil},
	{"MX", "Mexico", nil},
	{"MY", "Malaysia", nil},
	{"MZ", "Mozambique", nil},
	{"NA", "Namibia", nil},
	{"NC", "New Caledonia", nil},
	{"NE", "Niger", nil},
	{"NF", "Norfolk Island", nil},
	{"NG", "Nigeria", nil},
	{"NI", "Nicaragua", nil},
	{"NL", "Netherlands", []string{"Netherlands (Kingdom of the)", "Holland"}},
	{"NO", "Norway", nil},
	{"NP", "Nepal", nil},
	{"NR", "Nauru", nil},
	{"NU", "Niue", nil},
	{"NZ", "New Zealand", nil},
	{"OM", "Oman", nil},
	{"PA", "Panama", nil},
	{"PE", "Peru", nil},
	{"PF", "French Polynesia", nil},
	{"PG", "Papua New Guinea", nil},
	{"PH", "Philippines", nil},
	{"PK", "Pakistan", nil},
	{"PL", "Poland", nil},
	{"PM", "Saint Pierre and Miquelon", nil},
	{"PN", "Pitcairn", []string{"Pitcairn Islands"}},
	{"PR", "Puerto Rico", nil},
	{"PS", "Palestine, State of", []string{"Palestine", "State of Palestine", "Palestinian Territories"}},
	{"PT", "Portugal", nil},
	{"PW", "Palau", nil},
	{"PY", "Paraguay", nil},
	{"QA", "Qatar", nil},
	{"RE", "Réunion", nil},
	{"RO", "Romania", nil},
	{"RS", "Serbia", nil},
	{"RU", "Russian Federation", []string{"Russia"}},
	{"RW", "Rwanda", nil},
	{"SA", "Saudi Arabia", nil},
	{"SB", "Solomon Islands", nil},
	{"SC", "Seychelles", nil},
	{"SD", "Sudan", nil},
	{"SE", "Sweden", nil},
	{"SG", "Singapore", nil},
	{"SH", "Saint Helena, Ascension and Tristan da Cunha", []string{"Saint Helena"}},
	{"SI", "Slovenia", nil},
	{"SJ", "Svalbard and Jan Mayen", nil},
	{"SK", "Slovakia", []string{"Slovak Republic"}},
	{"SL", "Sierra Leone", nil},
	{"SM", "San Marino", nil},
	{"SN", "Senegal", nil},
	{"SO", "Somalia", nil},
	{"SR", "Suriname", nil},
	{"SS", "South Sudan", nil},
	{"ST", "Sao Tome and Principe", nil},
	{"SV", "El Salvador", nil},
	{"SX", "Sint Maarten (Dutch part)", []string{"Sint Maarten"}},
	{"SY", "Syrian Arab Republic", []string{"Syria"}},
	{"SZ", "Eswatini", []string{"Swaziland", "Kingdom of Eswatini"}},
	{"TC", "Turks and Caicos Islands", nil},
	{"TD", "Chad", nil},
	{"TF", "French Southern Territories", nil},
	{"TG", "Togo", nil},
	{"TH", "Thailand", nil},
	{"TJ", "Tajikistan", nil},
	{"TK", "Tokelau", nil},
	{"TL", "Timor-Leste", []string{"East Timor"}},
	{"TM", "Turkmenistan", nil},
	{"TN", "Tunisia", nil},
	{"TO", "Tonga", nil},
	{"TR", "Türkiye", []string{"Turkey"}},
	{"TT", "Trinidad and Tobago", nil},
	{"TV", "Tuvalu", nil},
	{"TW", "Taiwan, Province of China", []string{"Taiwan", "Chinese Taipei", "Taiwan (Republic of China)"}},
	{"TZ", "Tanzania, United Republic of", []string{"Tanzania", "United Republic of Tanzania"}},
	{"UA", "Ukraine", nil},
	{"UG", "Uganda", nil},
	{"UM", "United States Minor Outlying Islands", nil},
	{"US", "United States of America", []string{"United States", "USA", "U.S.A.", "U.S.", "US of America"}},
	{"UY", "Uruguay", nil},
	{"UZ", "Uzbekistan", nil},
	{"VA", "Holy See", []string{"Holy See (Vatican City State)", "Vatican", "Vatican City", "Vatican City State"}},
	{"VC", "Saint Vincent and the Grenadines", nil},
	{"VE", "Venezuela (Bolivarian Republic of)", []string{"Venezuela"}},
	{"VG", "Virgin Islands (British)", []string{"British Virgin Islands"}},
	{"VI", "Virgin Islands (U.S.)", []string{"US Virgin Islands", "U.S. Virgin Islands", "United States Virgin Islands"}},
	{"VN", "Viet Nam", []string{"Vietnam"}},
	{"VU", "Vanuatu", nil},
	{"WF", "Wallis and Futuna", nil},
	{"WS", "Samoa", nil},
	{"YE", "Yemen", nil},
	{"YT", "Mayotte", nil},
	{"ZA", "South Africa", nil},
	{"ZM", "Zambia", nil},
	{"ZW", "Zimbabwe", nil},
	{"XK", "Kosovo", []string{"Republic of Kosovo"}},
}

var (
	countryByKey  map[string]string // normalized name -> code
	countryByCode map[string]string // code -> ISO short name
)

func init() {
	countryByKey = map[string]string{}
	countryByCode = map[string]string{}
	for _, c := range countries {
		countryByCode[c.code] = c.name
		for _, n := range append([]string{c.name}, c.aliases...) {
			k := countryKey(n)
			if prev, ok := countryByKey[k]; ok && prev != c.code {
				panic("cmrt: country name " + n + " is both " + prev + " and " + c.code)
			}
			countryByKey[k] = c.code
		}
	}
	// Derived forms ("Korea, Republic of" -> "Republic of Korea", "Bolivia
	// (Plurinational State of)" -> "Bolivia") are added only where they are
	// unambiguous and no explicit name says otherwise: "Korea" is left out.
	derived := map[string]map[string]bool{}
	for _, c := range countries {
		for _, n := range append([]string{c.name}, c.aliases...) {
			for _, k := range countryVariants(n) {
				if derived[k] == nil {
					derived[k] = map[string]bool{}
				}
				derived[k][c.code] = true
			}
		}
	}
	for k, codes := range derived {
		if _, explicit := countryByKey[k]; explicit || len(codes) != 1 || k == "" {
			continue
		}
		for code := range codes {
			countryByKey[k] = code
		}
	}
}

// CountryCode returns the ISO 3166-1 alpha-2 code of a country named as in the
// CMRT country list, or by an ISO short name, a common alias or its alpha-2
// code. Matching ignores case, accents, punctuation, extra whitespace, "the"
// and the order around a comma ("Korea, Republic of" = "Republic of Korea").
// It reports false for names it does not know, and for "Unknown".
func CountryCode(name string) (string, bool) {
	name = strings.TrimSpace(name)
	if len(name) == 2 {
		code := strings.ToUpper(name)
		if _, ok := countryByCode[code]; ok {
			return code, true
		}
	}
	if code, ok := countryByKey[countryKey(name)]; ok {
		return code, true
	}
	for _, k := range countryVariants(name) {
		if code, ok := countryByKey[k]; ok {
			return code, true
		}
	}
	return "", false
}

// CountryName returns the ISO short name of an alpha-2 code, or "".
func CountryName(code string) string { return countryByCode[code] }

// countryVariants returns other keys for a name of the form "A, B" or
// "A (B)": "B A" and "A".
func countryVariants(name string) []string {
	var out []string
	if i := strings.IndexByte(name, '('); i > 0 {
		if j := strings.IndexByte(name[i:], ')'); j > 0 {
			inner := name[i+1 : i+j]
			outer := name[:i] + " " + name[i+j+1:]
			out = append(out, countryKey(inner+" "+outer), countryKey(outer))
		}
	}
	if i := strings.IndexByte(name, ','); i > 0 {
		out = append(out, countryKey(name[i+1:]+" "+name[:i]), countryKey(name[:i]))
	}
	return out
}

var foldAccents = strings.NewReplacer(
	"à", "a", "á", "a", "â", "a", "ã", "a", "ä", "a", "å", "a",
	"ç", "c", "è", "e", "é", "e", "ê", "e", "ë", "e",
	"ì", "i", "í", "i", "î", "i", "ï", "i", "ı", "i", "ñ", "n",
	"ò", "o", "ó", "o", "ô", "o", "õ", "o", "ö", "o", "ø", "o",
	"ù", "u", "ú", "u", "û", "u", "ü", "u", "ý", "y", "ÿ", "y",
	"&", " and ", "'", "", "’", "", "‘", "", "`", "", "´", "",
)

var wordSubst = map[string]string{"st": "saint", "ste": "sainte", "rep": "republic", "dem": "democratic", "is": "islands"}

// countryKey normalizes a country name for matching.
func countryKey(s string) string {
	s = foldAccents.Replace(strings.ToLower(s))
	s = strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return ' '
	}, s)
	words := strings.Fields(s)
	out := words[:0]
	for _, w := range words {
		if w == "the" {
			continue
		}
		if sub, ok := wordSubst[w]; ok {
			w = sub
		}
		out = append(out, w)
	}
	return strings.Join(out, " ")
}
