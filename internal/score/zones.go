package score

import "strings"

// CountryOffset is the UTC offset in whole hours where most people of a
// country (ISO 3166-1 alpha-2) live, in standard time. Countries that span
// zones take their most populous one (the United States its Eastern and
// Central zones' middle, Russia Moscow's); daylight saving moves a
// working day by an hour, which the ten-hour window that uses this
// absorbs.
func CountryOffset(code string) (int, bool) {
	if len(code) != 2 {
		return 0, false
	}
	off, ok := zoneOf[strings.ToUpper(code)]
	return off, ok
}

var zoneOf = map[string]int{
	// The Americas.
	"US": -6, "CA": -5, "MX": -6, "GT": -6, "SV": -6, "HN": -6, "NI": -6, "CR": -6, "PA": -5,
	"CU": -5, "DO": -4, "PR": -4, "JM": -5, "HT": -5, "TT": -4, "BS": -5, "BB": -4,
	"CO": -5, "PE": -5, "EC": -5, "VE": -4, "BO": -4, "CL": -4, "PY": -4, "AR": -3, "UY": -3, "BR": -3,
	// Europe.
	"GB": 0, "IE": 0, "PT": 0, "IS": 0,
	"ES": 1, "FR": 1, "BE": 1, "NL": 1, "LU": 1, "DE": 1, "CH": 1, "AT": 1, "IT": 1, "MT": 1,
	"DK": 1, "NO": 1, "SE": 1, "PL": 1, "CZ": 1, "SK": 1, "HU": 1, "SI": 1, "HR": 1, "BA": 1,
	"RS": 1, "ME": 1, "MK": 1, "AL": 1,
	"FI": 2, "EE": 2, "LV": 2, "LT": 2, "UA": 2, "MD": 2, "RO": 2, "BG": 2, "GR": 2, "CY": 2,
	"BY": 3, "RU": 3, "TR": 3,
	// Africa and the Middle East.
	"MA": 0, "SN": 0, "GH": 0, "CI": 0, "DZ": 1, "TN": 1, "NG": 1, "CM": 1, "AO": 1, "CD": 1,
	"EG": 2, "LY": 2, "ZA": 2, "ZW": 2, "ZM": 2, "MZ": 2, "RW": 2, "IL": 2, "PS": 2, "LB": 2, "JO": 3, "SY": 3,
	"KE": 3, "ET": 3, "TZ": 3, "UG": 3, "SO": 3, "SA": 3, "IQ": 3, "KW": 3, "QA": 3, "BH": 3, "YE": 3,
	"IR": 4, "AE": 4, "OM": 4, "AZ": 4, "GE": 4, "AM": 4,
	// Asia and Oceania.
	"AF": 5, "PK": 5, "UZ": 5, "TJ": 5, "TM": 5, "KZ": 5, "MV": 5,
	"IN": 6, "LK": 6, "NP": 6, "BD": 6, "BT": 6, "KG": 6, "MM": 7,
	"TH": 7, "VN": 7, "KH": 7, "LA": 7, "ID": 7,
	"CN": 8, "HK": 8, "MO": 8, "TW": 8, "SG": 8, "MY": 8, "PH": 8, "BN": 8, "MN": 8,
	"JP": 9, "KR": 9, "KP": 9, "TL": 9,
	"AU": 10, "PG": 10, "GU": 10, "NC": 11, "SB": 11, "NZ": 12, "FJ": 12,
}
