package gen

// Word lists. Everything is invented; lists are slices so that choices
// never depend on map order.

var buyerNames = []string{
	"Hoshizora Group", "Nanbu Electric Corporation", "Kirameki Industries", "Northwind Systems",
	"Rheinland Technik AG", "Hanul Electronics", "Sakura Mobility", "Lumière Énergie SA",
	"Tamagawa Instruments", "Baltic Rail Systems", "Pacific Crest Devices", "Aurora Medical Technologies",
	"Shinkai Heavy Industries", "Vega Automotive", "Kestrel Aerospace", "Orion Networks",
}

var namePrefixes = []string{
	"Aoba", "Baltic", "Chao Phraya", "Delta", "Eastern", "Ferro", "Gdansk", "Harbin", "Indo", "Jade",
	"Kanto", "Lotus", "Mekong", "Nordic", "Osaka", "Pearl River", "Quanzhou", "Rhine", "Saigon", "Taurus",
	"Ural", "Vistula", "Western", "Yangtze", "Zenith", "Kyushu", "Penang", "Suzhou", "Hsinchu", "Busan",
	"Bavaria", "Monterrey", "Pune", "Cebu", "Bohemia", "Danube", "Sendai", "Shenzhen", "Dongguan", "Chiba",
	"Hokuriku", "Tainan", "Ningbo", "Johor", "Rayong", "Haiphong", "Guadalajara", "Silesia", "Anatolia", "Parana",
}

var nameIndustries = []string{
	"Precision", "Electronics", "Metal Works", "Cable", "Plastics", "Components", "Circuits", "Castings",
	"Materials", "Devices", "Optics", "Chemicals", "Machinery", "Semiconductor", "Power Systems", "Wire",
	"Stamping", "Moulding", "Battery", "Magnetics", "Connectors", "Display", "Sensors", "Alloys",
}

var nameSuffixes = []string{
	"Co. Ltd.", "Ltd.", "Inc.", "GmbH", "Sdn Bhd", "JSC", "Corp.", "K.K.", "S.A. de C.V.", "Pte Ltd",
	"Sp. z o.o.", "s.r.o.", "Pvt Ltd", "Co.", "LLC",
}

var surnames = []string{
	"Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Wang", "Li", "Zhang", "Liu", "Chen",
	"Nguyen", "Tran", "Kim", "Lee", "Park", "Nowak", "Kowalski", "Müller", "Schmidt", "Garcia",
	"Hernandez", "Rahman", "Tan", "Lim", "Santos", "Reyes", "Sharma", "Patel", "Novak", "Yilmaz",
}

var signatoryRoles = []string{"", " (CSR officer)", " (Procurement manager)", " (CEO)", " (Sustainability lead)"}

var supplierCountries = []string{
	"JP", "JP", "JP", "JP", "CN", "CN", "CN", "CN", "CN", "CN", "TW", "TW", "TW", "KR", "KR",
	"VN", "VN", "TH", "TH", "MY", "MY", "ID", "PH", "IN", "IN", "DE", "DE", "PL", "CZ", "HU",
	"MX", "MX", "US", "US", "BR", "TR",
}

var smelterCountries = []string{
	"CN", "CN", "CN", "CN", "ID", "ID", "MY", "TH", "PE", "BO", "BR", "RW", "JP", "DE", "US",
	"KZ", "RU", "ZA", "BE", "CH", "AE", "IN", "AT", "KR",
}

var mineCountries = []string{
	"CD", "CD", "CD", "RW", "RW", "BO", "PE", "ID", "AU", "BR", "ZA", "GH", "CN", "NG", "MM", "UG",
}

var buyerCountries = []string{"JP", "JP", "US", "DE", "KR", "FR", "SE", "NL"}

var supplierMaterials = []string{
	"PCB assemblies", "castings", "wire harnesses", "capacitors", "solder paste", "machined parts",
	"steel bar", "resin pellets", "connectors", "semiconductors", "battery cells", "display modules",
	"sensors", "fasteners", "copper wire", "magnets", "enclosures", "transformers",
}

var backMaterials = []string{"test fixtures", "tooling", "returnable packaging"}

const (
	metalTin = iota
	metalTantalum
	metalTungsten
	metalGold
	metalCobalt
	numMetals
)

var metalNames = [numMetals]string{"TIN", "TANTALUM", "TUNGSTEN", "GOLD", "COBALT"}

// metalProducts are what a smelter of each metal sells (two per metal, so
// that a second link to the same customer can carry another material).
var metalProducts = [numMetals][2]string{
	{"tin ingot", "solder alloy"},
	{"tantalum powder", "tantalum wire"},
	{"tungsten carbide", "tungsten powder"},
	{"gold bonding wire", "gold bullion"},
	{"cobalt sulfate", "cobalt powder"},
}

var metalOres = [numMetals]string{"cassiterite", "coltan", "wolframite", "gold ore", "cobalt hydroxide"}

var smelterWords = [numMetals]string{"Tin Smelter", "Tantalum Refinery", "Tungsten Smelting", "Gold Refinery", "Cobalt Refinery"}

var facilityTypes = []string{"PRODUCTION", "WAREHOUSE", "DORMITORY", "OFFICE"}

var facilityNames = []string{"plant", "warehouse", "worker dormitory", "office"}

var findingSources = []string{"SAQ", "AUDIT", "GRIEVANCE", "MEDIA", "RMAP", "OTHER"}

var categories = []string{
	"HUMAN_RIGHTS", "HEALTH_SAFETY", "ENVIRONMENT", "ETHICS",
	"QUALITY_SAFETY", "INFORMATION_SECURITY", "RESPONSIBLE_MINERALS", "BUSINESS_CONTINUITY",
}

const catResponsibleMinerals = 6

// descriptions per category, in the order of categories.
var descriptions = [][]string{
	{"Passports held by recruitment agent", "Recruitment fees charged to migrant workers", "Overtime above 60 hours a week, no rest day", "Dormitory exits locked at night"},
	{"Missing machine guards on presses", "Blocked fire exits", "No chemical safety training", "Inadequate ventilation in plating line"},
	{"Wastewater permit expired", "Air emissions above permit limits", "Hazardous waste stored outdoors", "No greenhouse gas inventory"},
	{"Facilitation payment reported via hotline", "Conflict of interest in purchasing", "Falsified inspection records", "Gift policy not enforced"},
	{"Counterfeit parts found in shipment", "Product safety test skipped", "Recall process undocumented", "Traceability gaps, lot records missing"},
	{"No incident response plan", "Customer drawings shared by personal email", "Unpatched production servers", "Shared administrator passwords"},
	{"CMRT incomplete", "Smelter list not provided", "Sourcing from high-risk area without due diligence", "Armed-group taxation reported at mine site"},
	{"Single-source critical part, no backup", "No business continuity plan", "Plant in flood zone without mitigation", "Supplier financial distress"},
}
