package main

// Static catalogues the generator draws from: products and their inputs,
// fictional name stems per country, cities, surnames and finding templates.
// All names are invented; document titles, editions, chapter and action-item
// wording come from the public documents listed in seed/README.md.

// product is something a company makes and sells to its customers. The
// material of a supply link is the supplier's product.
type product struct {
	name   string
	level  int      // design level of its makers: 1 partner ... 4 material processor
	inputs []string // products bought from suppliers
	descr  []string // words for company names
	metal  string   // for mineral-bearing materials: the smelter metal they need
	weight int      // relative number of makers at its level
}

var products = []product{
	// Level 1: procurement partners selling to the buyers.
	{name: "control boards", level: 1, inputs: []string{"PCB assemblies", "connectors", "power supply units"}, descr: []string{"Electric", "Controls", "Systems"}, weight: 4},
	{name: "power modules", level: 1, inputs: []string{"power supply units", "transformers", "PCB assemblies"}, descr: []string{"Power Systems", "Electric"}, weight: 3},
	{name: "traction motors", level: 1, inputs: []string{"electric motors", "machined components", "sensors"}, descr: []string{"Heavy Electric", "Drive Systems"}, weight: 2},
	{name: "cable assemblies", level: 1, inputs: []string{"wire harnesses", "connectors"}, descr: []string{"Cable", "Wiring Systems"}, weight: 3},
	{name: "battery systems", level: 1, inputs: []string{"battery packs", "sensors", "enclosures"}, descr: []string{"Energy Systems", "Battery"}, weight: 2},
	{name: "display units", level: 1, inputs: []string{"LCD modules", "PCB assemblies", "enclosures"}, descr: []string{"Display", "Visual Systems"}, weight: 2},
	{name: "elevator drive units", level: 1, inputs: []string{"electric motors", "PCB assemblies", "sensors"}, descr: []string{"Mechatronics", "Drive Engineering"}, weight: 2},
	{name: "rail signalling units", level: 1, inputs: []string{"PCB assemblies", "sensors", "enclosures", "relays"}, descr: []string{"Signal", "Rail Systems"}, weight: 2},
	{name: "server subassemblies", level: 1, inputs: []string{"PCB assemblies", "power supply units", "enclosures"}, descr: []string{"Computer Products", "Technologies"}, weight: 3},
	{name: "network equipment", level: 1, inputs: []string{"optical transceivers", "PCB assemblies", "enclosures"}, descr: []string{"Networks", "Communications"}, weight: 2},
	{name: "industrial inverters", level: 1, inputs: []string{"power supply units", "PCB assemblies", "transformers", "tantalum capacitors"}, descr: []string{"Drive Technology", "Power Electronics"}, weight: 2},

	// Level 2: modules and components.
	{name: "PCB assemblies", level: 2, inputs: []string{"bare PCBs", "semiconductor devices", "tantalum capacitors", "ceramic capacitors", "connectors", "solder paste"}, descr: []string{"Electronics", "EMS", "Circuit Technology"}, weight: 5},
	{name: "power supply units", level: 2, inputs: []string{"semiconductor devices", "ceramic capacitors", "tantalum capacitors", "magnet wire", "relays", "tin solder"}, descr: []string{"Power Supply", "Power Devices"}, weight: 3},
	{name: "electric motors", level: 2, inputs: []string{"magnet wire", "permanent magnets", "die-cast parts", "stamped metal parts"}, descr: []string{"Motor", "Motion"}, weight: 3},
	{name: "wire harnesses", level: 2, inputs: []string{"connectors", "copper wire rod", "plastic mouldings"}, descr: []string{"Harness", "Wire Products"}, weight: 3},
	{name: "battery packs", level: 2, inputs: []string{"lithium-ion cells", "bare PCBs", "connectors"}, descr: []string{"Battery", "Energy"}, weight: 2},
	{name: "LCD modules", level: 2, inputs: []string{"semiconductor devices", "bare PCBs", "plastic mouldings"}, descr: []string{"Display Devices", "Optoelectronics"}, weight: 2},
	{name: "sensors", level: 2, inputs: []string{"semiconductor devices", "crystal oscillators", "connectors"}, descr: []string{"Sensor", "Sensing Technology"}, weight: 2},
	{name: "machined components", level: 2, inputs: []string{"carbide cutting tools", "steel sheet", "aluminium alloy ingot"}, descr: []string{"Precision", "Machining"}, weight: 3},
	{name: "enclosures", level: 2, inputs: []string{"stamped metal parts", "die-cast parts", "plastic mouldings"}, descr: []string{"Enclosure", "Metal Works"}, weight: 2},
	{name: "transformers", level: 2, inputs: []string{"magnet wire", "stamped metal parts"}, descr: []string{"Transformer", "Magnetics"}, weight: 2},
	{name: "optical transceivers", level: 2, inputs: []string{"semiconductor devices", "crystal oscillators", "connectors"}, descr: []string{"Photonics", "Optical"}, weight: 2},

	// Level 3: parts.
	{name: "tantalum capacitors", level: 3, inputs: []string{"tantalum powder", "tantalum wire"}, descr: []string{"Capacitor", "Electronic Components"}, weight: 3},
	{name: "ceramic capacitors", level: 3, inputs: []string{"ceramic powders", "tin-plated copper strip"}, descr: []string{"Ceramics", "Capacitor"}, weight: 2},
	{name: "bare PCBs", level: 3, inputs: []string{"copper foil", "epoxy laminate", "gold plating salts"}, descr: []string{"Circuit Board", "PCB"}, weight: 3},
	{name: "semiconductor devices", level: 3, inputs: []string{"silicon wafers", "gold bonding wire", "tungsten sputtering targets", "tin-plated copper strip"}, descr: []string{"Semiconductor", "Microdevices"}, weight: 3},
	{name: "connectors", level: 3, inputs: []string{"tin-plated copper strip", "gold plating salts", "engineering plastics"}, descr: []string{"Connector", "Interconnect"}, weight: 3},
	{name: "lithium-ion cells", level: 3, inputs: []string{"NMC cathode material", "copper foil"}, descr: []string{"Cell Technology", "New Energy"}, weight: 2},
	{name: "carbide cutting tools", level: 3, inputs: []string{"tungsten carbide powder", "cobalt powder"}, descr: []string{"Tools", "Cutting Tools"}, weight: 2},
	{name: "magnet wire", level: 3, inputs: []string{"copper wire rod"}, descr: []string{"Wire", "Enamelled Wire"}, weight: 2},
	{name: "permanent magnets", level: 3, inputs: []string{"NdFeB magnet alloy"}, descr: []string{"Magnetics", "Magnet"}, weight: 1},
	{name: "die-cast parts", level: 3, inputs: []string{"aluminium alloy ingot"}, descr: []string{"Die Casting", "Castings"}, weight: 2},
	{name: "plastic mouldings", level: 3, inputs: []string{"engineering plastics"}, descr: []string{"Plastics", "Moulding"}, weight: 2},
	{name: "stamped metal parts", level: 3, inputs: []string{"steel sheet", "tin-plated copper strip"}, descr: []string{"Stamping", "Metal Parts"}, weight: 2},
	{name: "relays", level: 3, inputs: []string{"tin-plated copper strip", "gold plating salts"}, descr: []string{"Relay", "Switch"}, weight: 1},
	{name: "crystal oscillators", level: 3, inputs: []string{"ceramic powders", "gold plating salts"}, descr: []string{"Crystal", "Frequency Devices"}, weight: 1},

	// Level 4: material processors. Mineral-bearing ones buy from smelters.
	{name: "tin solder", level: 4, inputs: []string{"refined tin"}, descr: []string{"Solder", "Metal Industries"}, metal: "TIN", weight: 3},
	{name: "solder paste", level: 4, inputs: []string{"refined tin"}, descr: []string{"Solder Materials", "Chemical"}, metal: "TIN", weight: 2},
	{name: "tin-plated copper strip", level: 4, inputs: []string{"refined tin"}, descr: []string{"Copper Alloy", "Strip Mills"}, metal: "TIN", weight: 3},
	{name: "tantalum powder", level: 4, inputs: []string{"tantalum metal"}, descr: []string{"Advanced Materials", "Powder Metallurgy"}, metal: "TANTALUM", weight: 2},
	{name: "tantalum wire", level: 4, inputs: []string{"tantalum metal"}, descr: []string{"Refractory Metals", "Special Wire"}, metal: "TANTALUM", weight: 1},
	{name: "tungsten carbide powder", level: 4, inputs: []string{"ammonium paratungstate"}, descr: []string{"Hard Materials", "Carbide"}, metal: "TUNGSTEN", weight: 2},
	{name: "tungsten sputtering targets", level: 4, inputs: []string{"ammonium paratungstate"}, descr: []string{"Thin Film Materials", "Targets"}, metal: "TUNGSTEN", weight: 1},
	{name: "gold bonding wire", level: 4, inputs: []string{"refined gold"}, descr: []string{"Bonding Wire", "Precious Metals"}, metal: "GOLD", weight: 2},
	{name: "gold plating salts", level: 4, inputs: []string{"refined gold"}, descr: []string{"Plating Chemicals", "Surface Technology"}, metal: "GOLD", weight: 2},
	{name: "NMC cathode material", level: 4, inputs: []string{"refined cobalt"}, descr: []string{"Battery Materials", "Cathode Materials"}, metal: "COBALT", weight: 2},
	{name: "cobalt powder", level: 4, inputs: []string{"refined cobalt"}, descr: []string{"Metal Powders", "Powder Materials"}, metal: "COBALT", weight: 1},
	{name: "copper foil", level: 4, weight: 1, descr: []string{"Copper Foil", "Circuit Foil"}},
	{name: "epoxy laminate", level: 4, weight: 1, descr: []string{"Laminate", "Composite Materials"}},
	{name: "silicon wafers", level: 4, weight: 1, descr: []string{"Silicon", "Wafer"}},
	{name: "ceramic powders", level: 4, weight: 1, descr: []string{"Fine Ceramics", "Ceramic Materials"}},
	{name: "steel sheet", level: 4, weight: 1, descr: []string{"Steel", "Steel Processing"}},
	{name: "aluminium alloy ingot", level: 4, weight: 1, descr: []string{"Aluminium", "Light Metals"}},
	{name: "engineering plastics", level: 4, weight: 1, descr: []string{"Polymer", "Resin"}},
	{name: "NdFeB magnet alloy", level: 4, weight: 1, descr: []string{"Rare Earth Materials", "Magnetic Materials"}},
	{name: "copper wire rod", level: 4, weight: 1, descr: []string{"Copper", "Wire Rod"}},
}

// metals are the five smelter metals with the smelters' output and the ore they buy.
var metals = []struct {
	metal, output, ore, smelterWord string
	smelterCountries                []string
	mineCountries                   []string
	traderCountries                 []string
}{
	{"TIN", "refined tin", "cassiterite", "Tin Smelting",
		[]string{"ID", "ID", "ID", "ID", "MY", "MY", "CN", "CN", "CN", "TH", "BO", "PE", "BR", "VN"},
		[]string{"CD", "CD", "RW", "BO", "BO", "PE", "ID", "ID", "MM"},
		[]string{"RW", "CD", "BO", "MY"}},
	{"TANTALUM", "tantalum metal", "coltan", "Tantalum",
		[]string{"CN", "CN", "CN", "US", "DE", "JP", "KZ", "TH", "RW"},
		[]string{"CD", "CD", "CD", "RW", "RW", "BR", "NG"},
		[]string{"RW", "CD", "CD"}},
	{"TUNGSTEN", "ammonium paratungstate", "wolframite", "Tungsten Industry",
		[]string{"CN", "CN", "CN", "CN", "VN", "AT", "DE", "JP", "US"},
		[]string{"RW", "CN", "CN", "BO", "PT", "VN"},
		[]string{"RW", "HK"}},
	{"GOLD", "refined gold", "gold doré", "Gold Refinery",
		[]string{"CH", "CH", "JP", "JP", "AE", "US", "CA", "ZA", "TR", "IN", "KR", "HK"},
		[]string{"PE", "PE", "GH", "CD", "BO", "PH", "ID", "UG"},
		[]string{"AE", "AE", "UG", "PE"}},
	{"COBALT", "refined cobalt", "cobalt hydroxide", "Cobalt Refining",
		[]string{"CN", "CN", "CN", "FI", "BE", "ZM", "CD", "JP"},
		[]string{"CD", "CD", "CD", "CD", "ZM", "ID"},
		[]string{"CD", "CD"}},
}

// Country mixes per design level (repeats are weights).
var levelCountries = map[int][]string{
	1: {"JP", "JP", "JP", "JP", "JP", "JP", "JP", "JP", "JP", "JP", "TW", "TW", "KR", "CN", "CN", "DE", "US", "MX", "TH", "VN"},
	2: {"JP", "JP", "JP", "CN", "CN", "CN", "CN", "CN", "TW", "TW", "TW", "KR", "KR", "TH", "TH", "VN", "VN", "MY", "PH", "DE", "PL", "MX", "IN"},
	3: {"CN", "CN", "CN", "CN", "CN", "CN", "CN", "CN", "VN", "VN", "TH", "TH", "MY", "MY", "TW", "TW", "JP", "JP", "ID", "PH", "IN", "PL", "MX", "KR"},
	4: {"CN", "CN", "CN", "CN", "CN", "CN", "JP", "JP", "JP", "MY", "MY", "ID", "ID", "KR", "KR", "TH", "DE", "TW", "IN", "US", "PE", "BR"},
}

// Legal-form suffixes per country.
var legalSuffix = map[string]string{
	"JP": "Co., Ltd.", "CN": "Co., Ltd.", "TW": "Co., Ltd.", "KR": "Co., Ltd.", "VN": "Co., Ltd.",
	"TH": "Co., Ltd.", "MY": "Sdn. Bhd.", "ID": "", "PH": "Inc.", "IN": "Pvt. Ltd.", "DE": "GmbH",
	"PL": "Sp. z o.o.", "MX": "S.A. de C.V.", "US": "Inc.", "CD": "SARL", "RW": "Ltd", "BO": "S.A.",
	"PE": "S.A.C.", "BR": "Ltda.", "AU": "Pty Ltd", "CH": "SA", "AE": "DMCC", "ZM": "Ltd", "GH": "Ltd",
	"FI": "Oy", "BE": "NV", "AT": "GmbH", "KZ": "JSC", "NG": "Ltd", "CA": "Inc.", "ZA": "(Pty) Ltd",
	"TR": "A.S.", "HK": "Ltd", "SG": "Pte. Ltd.", "UG": "Ltd", "MM": "Co., Ltd.", "PT": "Lda.",
}

// Fictional name stems per country (place-like words, not company names).
var stems = map[string][]string{
	"JP": {"Aoba", "Kiso", "Tenryu", "Mogami", "Kasumi", "Kagura", "Nagara", "Hida", "Sanuki", "Kumano",
		"Yoshino", "Akane", "Hotaru", "Minato", "Kaede", "Hinode", "Tsubasa", "Wakaba", "Shirakawa", "Kiyosato",
		"Takase", "Azumino", "Ibuki", "Kurobe", "Chikuma", "Akagi", "Oyodo", "Echigo", "Iwashiro", "Hiuchi",
		"Mikawa", "Yatsugatake", "Bizen", "Awaji", "Tosa", "Chikugo", "Kagami", "Nishiki", "Yamabuki", "Hayate",
		"Kirishima", "Amagi", "Hakkoda", "Kinugawa", "Yahagi", "Oirase", "Musashino", "Hotaka", "Asama", "Rokko",
		"Kamo", "Tsurugi", "Ojika", "Shimanto", "Yufu", "Kazusa", "Nikaho", "Hakuba", "Ogura", "Sendai Bay"},
	"TW": {"Yushan", "Hsuehshan", "Alishan", "Taroko", "Lanyang", "Tamsui", "Keelung River", "Zhuoshui", "Penghu", "Kenting",
		"Hehuan", "Sun Moon", "Yilan Plain", "Bagua", "Baoshan", "Danan", "Jiali", "Fengyuan", "Touqian", "Liyu",
		"Dajia", "Houlong", "Zhubei", "Guanxi", "Xinpu", "Yingge", "Meinong", "Qishan", "Chaozhou", "Luzhu"},
	"KR": {"Hanbit", "Daeil", "Seongjin", "Haneul", "Baekdu", "Saemi", "Jinwoo", "Gaon", "Nuri", "Hanul",
		"Sobaek", "Jiri", "Seorak", "Gaya", "Silla", "Seomjin", "Sejin", "Hwasun", "Taebaek", "Nakdong",
		"Yeongsan", "Hallim", "Boseong", "Gyeongju", "Mokpo"},
	"VN": {"Hoa Binh", "Song Hong", "Thanh Cong", "Tan Phat", "An Khang", "Minh Tri", "Phu Gia", "Truong Son", "Cuu Long", "Ha Long",
		"Sao Mai", "Binh Minh", "Hung Vuong", "Viet Tien", "Dai Phat", "Hoang Long", "Phuc Thinh", "Thien An", "Lam Son", "Ben Thanh",
		"Tay Ninh", "Hai Van", "Nam Viet", "Kim Son", "Vinh Phuc", "Dong Do", "An Phu", "Quang Minh"},
	"TH": {"Chao Phraya", "Rattana", "Sukjai", "Thanakorn", "Pattana", "Lanna", "Mekong", "Kwai River", "Doi Inthanon", "Sukhothai",
		"Ayodhya", "Phetch", "Nakhon", "Siri", "Chanthaburi", "Wang Thong", "Ping River", "Khao Yai", "Saraburi", "Lop Buri",
		"Bang Pa-in", "Samut", "Nan River", "Phu Kradueng", "Ratchaburi", "Trat", "Kanchana", "Sri Ayutthaya"},
	"MY": {"Kinta", "Perak", "Seri", "Gemilang", "Mutiara", "Cahaya", "Bintang", "Langkawi", "Kinabalu", "Pahang",
		"Gombak", "Klang Valley", "Tioman", "Rajang", "Titiwangsa", "Setia", "Muar", "Linggi", "Kemaman", "Bernam",
		"Sungai Petani", "Taiping", "Tebrau", "Seremban", "Bentong", "Kuantan", "Lumut", "Batu Gajah"},
	"ID": {"Bangka", "Belitung", "Nusantara", "Mitra", "Sinar", "Karya", "Cemerlang", "Mahakam", "Bromo", "Rinjani",
		"Musi", "Citarum", "Toba", "Merapi", "Sumbawa", "Kapuas", "Barito", "Halmahera", "Lombok", "Krakatau Strait",
		"Pangkal", "Tanjung", "Sentosa", "Abadi", "Makmur", "Sejahtera", "Bintan", "Muntok"},
	"PH": {"Laguna", "Batangas", "Cavite", "Mabuhay", "Luzon", "Visayas", "Taal", "Mayon", "Pampanga", "Bicol",
		"Cordillera", "Bohol", "Tagaytay", "Subic", "Ilocos", "Agusan"},
	"IN": {"Shakti", "Vistar", "Pragati", "Sahyadri", "Kaveri", "Nilgiri", "Narmada", "Aravali", "Godavari", "Vindhya",
		"Konkan", "Deccan", "Malabar", "Tapti", "Mahanadi", "Satpura", "Kosi", "Coromandel", "Himadri", "Chambal"},
	"DE": {"Rheintal", "Schwarzwald", "Elbtal", "Harz", "Weser", "Isartal", "Neckar", "Allgaeu", "Spessart", "Eifel",
		"Erzgebirge", "Taunus", "Altmuehl", "Lahn", "Ruhrtal", "Vogtland"},
	"PL": {"Wisla", "Baltyk", "Mazury", "Karpaty", "Odra", "Sudety", "Warta", "Bieszczady", "Notec", "Pilica",
		"Roztocze", "Kaszuby", "Podhale", "Narew", "Bug", "Pomorze"},
	"MX": {"Bajio", "Nortena", "Tapatio", "Sonora", "Sierra Madre", "Laguna Verde", "Anahuac", "Huasteca", "Chapala", "Cumbres",
		"Pachuca", "Mixteca", "Papaloapan", "Tarahumara"},
	"US": {"Cascade", "Bluewater", "Redwood", "Ironbridge", "Lakeshore", "Summit Ridge", "Prairie", "Granite Peak", "Silver Creek", "Brightwater",
		"Cedar Falls", "Red Mesa", "Clearwater", "Stonebrook"},
	"CD": {"Kivu", "Katanga", "Lualaba", "Maniema", "Tanganyika", "Kolwezi", "Ruzizi", "Itombwe", "Lomami", "Kasai",
		"Ituri", "Kalehe", "Walikale", "Mwenga", "Kundelungu", "Upemba", "Kahuzi", "Luvua", "Kibali River", "Nyiragongo"},
	"RW": {"Akagera", "Nyungwe", "Muhabura", "Karisimbi", "Rubavu", "Nyabarongo", "Gishwati", "Mukungwa", "Rusizi", "Kivu Shore",
		"Bugesera", "Ngororero", "Rutsiro"},
	"BO": {"Illimani", "Sajama", "Tupiza", "Uyuni", "Cordillera Real", "Titicaca", "Poopo", "Chayanta", "Quime", "Colque"},
	"PE": {"Andina", "Huascaran", "Vilcanota", "Ausangate", "Misti", "Chachani", "Salkantay", "Madre de Dios", "Inambari", "Pataz"},
	"BR": {"Itabira", "Rondonia", "Amapa", "Tapajos", "Serra Dourada", "Araguaia", "Xingu", "Pitinga Valley"},
	"CH": {"Ticino", "Jura", "Engadin", "Leventina", "Valais"},
	"AE": {"Al Khor", "Deira", "Jumeirah", "Hatta"},
	"CA": {"Laurentian", "Algonquin", "Muskoka"},
	"ZA": {"Witwatersrand", "Highveld", "Drakensberg"},
	"TR": {"Anatolia", "Kapadokya", "Ege"},
	"HK": {"Victoria Harbour", "Kowloon Bay", "Lantau", "Tsing Yi"},
	"FI": {"Pohjanmaa", "Saimaa", "Lappi"},
	"BE": {"Kempen", "Schelde", "Ardennes"},
	"ZM": {"Copperbelt", "Kafue", "Luangwa", "Chambishi Valley"},
	"AT": {"Steiermark", "Wachau", "Salzach"},
	"KZ": {"Altai", "Irtysh", "Balkhash"},
	"NG": {"Jos Plateau", "Benue", "Zaria"},
	"GH": {"Ashanti", "Volta", "Ankobra"},
	"UG": {"Rwenzori", "Karamoja", "Busia", "Mubende"},
	"MM": {"Tanintharyi", "Shan Hills", "Irrawaddy"},
	"PT": {"Beira", "Estrela", "Zezere"},
	"AU": {"Pilbara", "Kimberley"},
	"SG": {"Jurong", "Tuas"},
}

// Chinese stems are built from syllables, with a city in front.
var (
	cnFirst = []string{"Jin", "Hua", "Tian", "Yong", "Xin", "Rui", "Hao", "Ming", "Kai", "Sheng", "Bo", "Lian", "De", "Jia", "Fu", "Long", "Chuang", "An", "Heng", "Hong", "Wei", "Li", "Feng", "Yuan", "Tai", "Shun", "Cheng", "Zhi"}
	// cnAvoid lists combinations that are names of well-known companies.
	cnAvoid = []string{"Hengda", "Huatai", "Longsheng", "Jinfeng", "Tianneng", "Xinda", "Anxin", "Zhixin", "Heli", "Lifa", "Huafa",
		"Chengxin", "Tianli", "Hongfa", "Kaifa", "Fuda", "Xinhua", "Hengtong", "Huaxin", "Hengli"}
	cnSecond = []string{"rui", "xin", "li", "tai", "he", "feng", "yu", "da", "xuan", "yuan", "fa", "sheng", "tong", "jie", "neng", "kang", "run", "chang"}
)

// Cities per country, for facility names (and Chinese company names).
var cities = map[string][]string{
	"JP": {"Kumamoto", "Nagano", "Hamamatsu", "Kitakyushu", "Sendai", "Toyama", "Okayama", "Yonezawa", "Kofu", "Fukui"},
	"CN": {"Shenzhen", "Dongguan", "Suzhou", "Wuxi", "Chengdu", "Ganzhou", "Ningbo", "Xiamen", "Kunshan", "Huizhou", "Changsha", "Hefei", "Zhuzhou", "Gejiu"},
	"TW": {"Hsinchu", "Taoyuan", "Taichung", "Kaohsiung", "Tainan", "Miaoli"},
	"KR": {"Gumi", "Suwon", "Cheonan", "Changwon", "Incheon", "Cheongju"},
	"VN": {"Bac Ninh", "Hai Phong", "Dong Nai", "Binh Duong", "Da Nang", "Vinh Phuc"},
	"TH": {"Ayutthaya", "Rayong", "Chonburi", "Lamphun", "Prachinburi", "Pathum Thani"},
	"MY": {"Penang", "Kulim", "Johor Bahru", "Ipoh", "Melaka", "Senai"},
	"ID": {"Batam", "Bekasi", "Karawang", "Pangkalpinang", "Surabaya", "Cikarang"},
	"PH": {"Calamba", "Cavite", "Cebu", "Batangas", "Clark"},
	"IN": {"Chennai", "Pune", "Noida", "Bengaluru"},
	"DE": {"Dresden", "Nuremberg", "Stuttgart", "Regensburg", "Chemnitz"},
	"PL": {"Wroclaw", "Lodz", "Gliwice", "Rzeszow"},
	"MX": {"Guadalajara", "Monterrey", "Tijuana", "Queretaro", "Ciudad Juarez"},
	"US": {"Austin", "Phoenix", "Portland", "Columbus"},
	"CD": {"Lubumbashi", "Kolwezi", "Bukavu", "Goma", "Kalima", "Likasi"},
	"RW": {"Kigali", "Musanze", "Rubavu", "Nyamasheke"},
	"BO": {"Oruro", "Potosi", "La Paz"},
	"PE": {"Arequipa", "Puno", "Lima", "Juliaca"},
	"BR": {"Belo Horizonte", "Porto Velho", "Sao Joao del Rei"},
	"CH": {"Neuchatel", "Lugano"},
	"AE": {"Dubai"},
	"CA": {"Toronto", "Sudbury"},
	"ZA": {"Germiston"},
	"TR": {"Istanbul"},
	"HK": {"Kwun Tong"},
	"FI": {"Kokkola"},
	"BE": {"Antwerp"},
	"ZM": {"Kitwe", "Ndola"},
	"AT": {"Leoben"},
	"KZ": {"Oskemen"},
	"NG": {"Jos"},
	"GH": {"Tarkwa"},
	"UG": {"Kampala", "Mubende"},
	"MM": {"Dawei"},
	"PT": {"Covilha"},
	"AU": {"Perth"},
	"SG": {"Jurong"},
}

// Surnames per country for signatories; others fall back to generic ones.
var surnames = map[string][]string{
	"JP": {"Tanaka", "Sato", "Suzuki", "Takahashi", "Watanabe", "Ito", "Yamamoto", "Nakamura", "Kobayashi", "Kato", "Yoshida", "Yamada", "Sasaki", "Matsumoto", "Inoue", "Kimura", "Hayashi", "Shimizu"},
	"CN": {"Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu", "Sun", "Ma", "Zhu"},
	"TW": {"Lin", "Chen", "Huang", "Tsai", "Chang", "Wu", "Hsu", "Cheng"},
	"KR": {"Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon"},
	"VN": {"Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu", "Dang", "Bui"},
	"TH": {"Suwannarat", "Rattanakorn", "Chaiwong", "Srisuk", "Boonmee", "Kaewkla", "Thongchai"},
	"MY": {"Abdullah", "Tan", "Lim", "Rahman", "Wong", "Ismail", "Krishnan"},
	"ID": {"Santoso", "Wijaya", "Hidayat", "Saputra", "Nugroho", "Kusuma"},
	"PH": {"Santos", "Reyes", "Cruz", "Bautista", "Garcia", "Mendoza"},
	"IN": {"Sharma", "Patel", "Iyer", "Reddy", "Nair", "Gupta"},
	"DE": {"Schmidt", "Becker", "Wagner", "Hoffmann", "Schulz", "Keller"},
	"PL": {"Nowak", "Kowalski", "Wozniak", "Kaminski", "Lewandowski"},
	"MX": {"Garcia", "Hernandez", "Lopez", "Martinez", "Ramirez"},
	"US": {"Smith", "Johnson", "Miller", "Davis", "Brown"},
	"CD": {"Mukendi", "Ilunga", "Tshibanda", "Kalala", "Mbuyi", "Kasongo"},
	"RW": {"Uwimana", "Habimana", "Mugisha", "Niyonzima", "Mukamana"},
	"BO": {"Quispe", "Mamani", "Condori", "Choque"},
	"PE": {"Flores", "Quispe", "Rojas", "Huaman"},
	"BR": {"Souza", "Oliveira", "Pereira", "Costa"},
	"CH": {"Meier", "Favre", "Bernasconi"},
	"AE": {"Al Mansoori", "Al Hashimi", "Haddad"},
	"ZA": {"Naidoo", "van der Merwe", "Dlamini"},
	"CA": {"Tremblay", "Roy", "MacDonald"},
	"TR": {"Yilmaz", "Demir", "Kaya"},
	"HK": {"Chan", "Wong", "Leung"},
	"FI": {"Virtanen", "Korhonen"},
	"BE": {"Peeters", "Janssens"},
	"ZM": {"Banda", "Phiri", "Mwale"},
	"AT": {"Gruber", "Huber"},
	"KZ": {"Akhmetov", "Nurlanova"},
	"NG": {"Okafor", "Adeyemi", "Bello"},
	"GH": {"Mensah", "Owusu", "Asante"},
	"UG": {"Okello", "Namukasa", "Ssempala"},
	"MM": {"Aung", "Htun", "Win"},
	"PT": {"Ferreira", "Almeida"},
	"AU": {"Taylor", "Wilson"},
	"SG": {"Tan", "Ng"},
}

var genericSurnames = []string{"Martin", "Weber", "Rossi", "Novak", "Petrov", "Mensah", "Okafor", "Silva", "Haddad", "Jensen"}

var initials = []string{"A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L", "M", "N", "P", "R", "S", "T", "W", "Y", "Z"}

var roles = []string{"CSR manager", "Sustainability officer", "Procurement director", "President", "Compliance officer", "Managing director", "Quality and CSR manager", "General manager"}

// findingTemplate describes a kind of finding. hit and nec are the
// requirement references in the Hitachi Group Sustainable Procurement
// Guidelines (Procurement Partner Code of Conduct, chapters A to G) and in the
// NEC Group Supply-Chain CSR Guideline (action items I-1 to VII-7, or the
// Part-2 policies); either may be empty.
type findingTemplate struct {
	category  string
	hit, nec  string
	subjects  []string // dorm, plant, warehouse, supplier, processor, smelter, mine, trader, minesite
	countries []string // if set, subject's country must be one of these
	sources   []string
	sev, lik  [2]int
	texts     []string
}

var findingTemplates = []findingTemplate{
	// A. Labor / II Human Rights and Labor
	{category: "HUMAN_RIGHTS", hit: "A-(1) Prohibition of Forced Labor", nec: "II-1 Prohibit forced labor",
		subjects: []string{"dorm"}, countries: []string{"MY", "TH", "TW", "JP", "VN", "CN"}, sources: []string{"AUDIT", "GRIEVANCE"}, sev: [2]int{4, 5}, lik: [2]int{3, 4},
		texts: []string{"passports and work permits of migrant workers held by the labour agent; workers denied access to their documents",
			"identity documents of foreign workers kept in the dormitory office safe; workers must ask permission to retrieve them"}},
	{category: "HUMAN_RIGHTS", hit: "A-(1) Prohibition of Forced Labor", nec: "II-9 Protect foreign employees",
		subjects: []string{"supplier", "dorm"}, countries: []string{"MY", "TH", "TW", "JP"}, sources: []string{"AUDIT", "SAQ", "GRIEVANCE"}, sev: [2]int{4, 5}, lik: [2]int{3, 4},
		texts: []string{"migrant workers paid recruitment fees to sub-agents in their country of origin; fees not repaid to the workers",
			"employment agreement for foreign workers changed on arrival; contract not provided in a language the workers understand"}},
	{category: "HUMAN_RIGHTS", hit: "A-(1) Prohibition of Forced Labor", nec: "II-1 Prohibit forced labor",
		subjects: []string{"dorm"}, sources: []string{"AUDIT", "GRIEVANCE"}, sev: [2]int{3, 4}, lik: [2]int{2, 4},
		texts: []string{"unreasonable restrictions on entering or exiting the workers' dormitory: gates locked from 22:00 and curfew enforced with fines",
			"workers may not leave the dormitory on rest days without a supervisor's written permission"}},
	{category: "HUMAN_RIGHTS", hit: "A-(2) Prohibition of Employment of Young Workers and Child Labor", nec: "II-3 Prohibit child labor",
		subjects: []string{"plant", "supplier"}, countries: []string{"CN", "VN", "TH", "ID", "PH", "IN", "MY", "MX"}, sources: []string{"AUDIT", "SAQ"}, sev: [2]int{4, 5}, lik: [2]int{1, 3},
		texts: []string{"no mechanism to verify the age of workers; two workers under 18 found on night shift",
			"student workers from a vocational school assigned overtime and night shifts without records of the educational partner"}},
	{category: "HUMAN_RIGHTS", hit: "A-(2) Prohibition of Employment of Young Workers and Child Labor", nec: "II-3 Prohibit child labor",
		subjects: []string{"mine", "minesite"}, countries: []string{"CD", "RW", "BO", "PE", "UG", "GH"}, sources: []string{"MEDIA", "GRIEVANCE", "OTHER"}, sev: [2]int{5, 5}, lik: [2]int{3, 4},
		texts: []string{"children observed carrying ore at artisanal workings supplying the site",
			"NGO report of children under 15 working at washing points of the concession"}},
	{category: "HUMAN_RIGHTS", hit: "A-(3) Working Hours", nec: "II-6 Regulate working hours",
		subjects: []string{"plant", "supplier"}, sources: []string{"AUDIT", "SAQ"}, sev: [2]int{2, 4}, lik: [2]int{3, 5},
		texts: []string{"working hours including overtime exceeded sixty hours per week during peak season; no day off in seven for three weeks",
			"overtime not voluntary: production targets require Saturday and Sunday shifts"}},
	{category: "HUMAN_RIGHTS", hit: "A-(4) Wages and Benefits", nec: "II-5 Pay appropriate wages",
		subjects: []string{"plant", "supplier"}, sources: []string{"AUDIT", "SAQ", "GRIEVANCE"}, sev: [2]int{2, 4}, lik: [2]int{2, 4},
		texts: []string{"deductions from wages used as a disciplinary measure; wage statements not provided for each pay period",
			"overtime of dispatched workers paid at regular hourly rates"}},
	{category: "HUMAN_RIGHTS", hit: "A-(5) Non-Discrimination / Non-Harassment / Humane Treatment", nec: "II-2 Prohibit inhumane treatment and infringements of human rights",
		subjects: []string{"plant", "supplier"}, sources: []string{"GRIEVANCE", "AUDIT"}, sev: [2]int{3, 4}, lik: [2]int{2, 3},
		texts: []string{"verbal abuse and public shaming of line workers by supervisors reported through the hotline",
			"harassment complaints not investigated; complainant transferred to night shift"}},
	{category: "HUMAN_RIGHTS", hit: "A-(5) Non-Discrimination / Non-Harassment / Humane Treatment", nec: "II-4 Prohibit discrimination",
		subjects: []string{"supplier"}, sources: []string{"AUDIT", "SAQ"}, sev: [2]int{3, 4}, lik: [2]int{2, 3},
		texts: []string{"pregnancy tests required of female applicants as part of the hiring medical examination",
			"job advertisements specify gender and age limits"}},
	{category: "HUMAN_RIGHTS", hit: "A-(6) Freedom of Association and Collective Bargaining", nec: "II-7 Respect the rights to freedom of association",
		subjects: []string{"supplier", "plant"}, sources: []string{"GRIEVANCE", "MEDIA"}, sev: [2]int{3, 4}, lik: [2]int{2, 3},
		texts: []string{"workers dismissed after forming a union; management refused to meet worker representatives",
			"workers' council members reported intimidation before the wage negotiation"}},
	{category: "HUMAN_RIGHTS", hit: "A-(7) Land Rights",
		subjects: []string{"mine", "smelter"}, countries: []string{"CD", "ID", "PE", "BO", "BR", "GH", "ZM", "MM"}, sources: []string{"MEDIA", "GRIEVANCE"}, sev: [2]int{3, 5}, lik: [2]int{2, 3},
		texts: []string{"community land claims over the expansion area unresolved; customary rights of local farmers not recognised",
			"households relocated for a new tailings area without agreed compensation"}},
	{category: "HUMAN_RIGHTS", hit: "G-(8) Worker/Stakeholder Engagement and Access to Remedy", nec: "I-2 Establish effective whistle-blowing system",
		subjects: []string{"supplier"}, sources: []string{"SAQ", "AUDIT"}, sev: [2]int{2, 3}, lik: [2]int{3, 4},
		texts: []string{"no grievance channel that lets workers raise concerns anonymously and without fear of reprisal",
			"whistle-blowing channel available to office staff only; production and dispatched workers not informed"}},

	// B. Health and Safety / III Occupational Health and Safety
	{category: "HEALTH_SAFETY", hit: "B-(6) Equipment Safeguarding", nec: "III-1 Apply safety measures for equipment and instruments",
		subjects: []string{"plant"}, sources: []string{"AUDIT"}, sev: [2]int{3, 4}, lik: [2]int{2, 4},
		texts: []string{"physical guards and interlocks missing on two stamping presses", "light curtain bypassed on the injection moulding line"}},
	{category: "HEALTH_SAFETY", hit: "B-(2) Emergency Preparedness", nec: "III-5 Properly manage disasters and accidents",
		subjects: []string{"plant", "warehouse", "dorm"}, sources: []string{"AUDIT"}, sev: [2]int{3, 5}, lik: [2]int{2, 3},
		texts: []string{"emergency exits blocked by stored goods; no evacuation drill in the last twelve months",
			"fire detection system out of service; egress routes not marked"}},
	{category: "HEALTH_SAFETY", hit: "B-(4) Industrial Hygiene", nec: "III-3 Promote hygiene in the workplace",
		subjects: []string{"plant"}, sources: []string{"AUDIT", "SAQ"}, sev: [2]int{3, 4}, lik: [2]int{2, 4},
		texts: []string{"solvent vapour exposure above the occupational limit at the cleaning line; respirators not provided free of charge",
			"flux fume extraction at the soldering line not maintained"}},
	{category: "HEALTH_SAFETY", hit: "B-(7) Sanitation, Food and Housing", nec: "III-7 Promote safety and hygiene in all company facilities",
		subjects: []string{"dorm"}, sources: []string{"AUDIT", "GRIEVANCE"}, sev: [2]int{2, 4}, lik: [2]int{3, 4},
		texts: []string{"dormitory rooms overcrowded; no hot water for bathing and no individually secured storage for personal items",
			"kitchen of the workers' dormitory without potable water; ventilation inadequate"}},
	{category: "HEALTH_SAFETY", hit: "B-(3) Occupational injury and illness", nec: "III-4 Apply appropriate measures for occupational injuries and illnesses",
		subjects: []string{"plant", "supplier"}, sources: []string{"AUDIT", "SAQ"}, sev: [2]int{2, 4}, lik: [2]int{2, 4},
		texts: []string{"lost-time injuries not recorded; near-miss incidents not reported or investigated",
			"injured workers required to return to work before recovery"}},
	{category: "HEALTH_SAFETY", hit: "B-(5) Physically Demanding Work", nec: "III-6 Be careful about physically demanding work",
		subjects: []string{"plant", "warehouse"}, sources: []string{"AUDIT"}, sev: [2]int{2, 3}, lik: [2]int{3, 4},
		texts: []string{"manual lifting of 25 kg drums without assistive devices; no job rotation", "prolonged standing at assembly stations without breaks"}},
	{category: "HEALTH_SAFETY", hit: "B-(1) Occupational Health and Safety", nec: "III-2 Promote safe activities in the workplace",
		subjects: []string{"mine", "minesite", "smelter"}, sources: []string{"AUDIT", "MEDIA", "RMAP"}, sev: [2]int{4, 5}, lik: [2]int{3, 4},
		texts: []string{"underground workings without ventilation or ground support; fatal collapse reported",
			"furnace tapping area without heat-resistant personal protective equipment"}},

	// C. Environment / VI The Environment and Biodiversity
	{category: "ENVIRONMENT", hit: "C-(1) Environmental Permits and Reporting", nec: "VI-1 Create the environmental management system",
		subjects: []string{"plant", "supplier", "processor"}, sources: []string{"SAQ", "AUDIT"}, sev: [2]int{2, 4}, lik: [2]int{2, 3},
		texts: []string{"wastewater discharge permit expired and not renewed", "no environmental management system; air permit not kept up to date"}},
	{category: "ENVIRONMENT", hit: "C-(8) Water Management", nec: "VI-2 Control environmental pollutants used in manufacturing process appropriately",
		subjects: []string{"plant", "processor"}, sources: []string{"AUDIT", "MEDIA"}, sev: [2]int{3, 4}, lik: [2]int{2, 4},
		texts: []string{"plating wastewater discharged without treatment; pH and heavy metals out of limits", "wastewater treatment plant bypassed during maintenance"}},
	{category: "ENVIRONMENT", hit: "C-(6) Air Emissions",
		subjects: []string{"smelter"}, sources: []string{"AUDIT", "MEDIA", "RMAP"}, sev: [2]int{3, 4}, lik: [2]int{3, 4},
		texts: []string{"sulphur dioxide scrubber offline for weeks; emissions not monitored", "dust emissions from the roasting kiln not characterised or controlled"}},
	{category: "ENVIRONMENT", hit: "C-(5) Hazardous Substances", nec: "VI-2 Control environmental pollutants used in manufacturing process appropriately",
		subjects: []string{"plant", "warehouse", "processor"}, sources: []string{"AUDIT", "SAQ"}, sev: [2]int{2, 4}, lik: [2]int{2, 4},
		texts: []string{"hazardous waste drums stored unlabelled outside the bunded area", "cyanide plating solutions stored without secondary containment"}},
	{category: "ENVIRONMENT", hit: "C-(7) Materials Restrictions", nec: "VI-9 Control environmental pollutants contained in products appropriately",
		subjects: []string{"supplier"}, sources: []string{"SAQ", "OTHER"}, sev: [2]int{2, 4}, lik: [2]int{2, 3},
		texts: []string{"restricted substance (lead) above threshold found in a supplied part; no chemical content declaration",
			"REACH SVHC information not passed on from upstream suppliers"}},
	{category: "ENVIRONMENT", hit: "C-(2) Greenhouse Gas Emissions Management and Reduction", nec: "VI-4 Take actions for climate change",
		subjects: []string{"supplier"}, sources: []string{"SAQ"}, sev: [2]int{1, 2}, lik: [2]int{3, 5},
		texts: []string{"no Scope 1, 2 and 3 greenhouse gas data and no reduction target reported", "product carbon footprint for supplied products not available"}},
	{category: "ENVIRONMENT", hit: "C-(9) Conservation of Biodiversity and Ecosystems", nec: "VI-8 Consider bio-diversity conservation",
		subjects: []string{"mine", "minesite"}, sources: []string{"MEDIA", "OTHER"}, sev: [2]int{3, 5}, lik: [2]int{2, 4},
		texts: []string{"tailings seepage into the river downstream of the site", "forest cleared beyond the permitted concession boundary"}},

	// D. Business Ethics / VII Fair Trading
	{category: "ETHICS", hit: "D-(1) Prevent Bribery and Corruption", nec: "VII-1 Prohibit corruption and bribery",
		subjects: []string{"supplier", "trader"}, sources: []string{"GRIEVANCE", "MEDIA"}, sev: [2]int{4, 5}, lik: [2]int{1, 3},
		texts: []string{"facilitation payments to customs officials reported through the hotline", "payments to a local official in exchange for a licence renewal alleged"}},
	{category: "ETHICS", hit: "D-(2) Give and Receive Gifts and Entertainment Responsibly", nec: "VII-3 Prohibit the offering and receiving of inappropriate profit and advantage",
		subjects: []string{"supplier"}, sources: []string{"GRIEVANCE", "AUDIT"}, sev: [2]int{2, 3}, lik: [2]int{2, 3},
		texts: []string{"gifts and entertainment to customer procurement staff beyond policy limits", "sales staff offered travel to a buyer's engineer before a sourcing decision"}},
	{category: "ETHICS", hit: "D-(5) Compete Fairly", nec: "VII-4 Prohibit impediment to free competition",
		subjects: []string{"supplier"}, sources: []string{"MEDIA", "OTHER"}, sev: [2]int{3, 5}, lik: [2]int{1, 3},
		texts: []string{"competition authority investigation into price fixing among component makers", "dawn raid by competition authority over alleged bid rigging"}},
	{category: "ETHICS", hit: "D-(4) Security Trade Control", nec: "VII-7 Use appropriate export procedures",
		subjects: []string{"supplier"}, sources: []string{"AUDIT", "OTHER"}, sev: [2]int{3, 5}, lik: [2]int{1, 2},
		texts: []string{"controlled items shipped without the required export licence", "no screening of end users against sanctions lists"}},
	{category: "ETHICS", hit: "D-(8) Disclose Information", nec: "VII-5 Provide accurate information on products and services",
		subjects: []string{"supplier"}, sources: []string{"AUDIT"}, sev: [2]int{3, 4}, lik: [2]int{2, 3},
		texts: []string{"falsified working-hour records presented during the audit", "second set of payroll records found; records shown to auditors misrepresent conditions"}},
	{category: "ETHICS", nec: "VII-2 Prohibit abuse of a superior position",
		subjects: []string{"supplier"}, sources: []string{"GRIEVANCE"}, sev: [2]int{2, 3}, lik: [2]int{2, 3},
		texts: []string{"unilateral price reductions imposed on sub-suppliers after delivery", "sub-suppliers required to bear tooling costs not agreed in the contract"}},
	{category: "ETHICS", hit: "D-(10) Protect Identity and Non-Retaliation", nec: "I-2 Establish effective whistle-blowing system",
		subjects: []string{"supplier"}, sources: []string{"GRIEVANCE"}, sev: [2]int{3, 4}, lik: [2]int{2, 3},
		texts: []string{"retaliation against a worker who reported a safety concern; identity of the reporter disclosed"}},

	// E. Product Quality and Safety / IV Product Quality and Safety
	{category: "QUALITY_SAFETY", hit: "E-(1) Product Safety", nec: "IV-1 Ensure product safety",
		subjects: []string{"supplier"}, sources: []string{"OTHER", "AUDIT"}, sev: [2]int{3, 5}, lik: [2]int{2, 3},
		texts: []string{"traceability of parts and materials lost for several production lots; suspected counterfeit components",
			"field failures of supplied parts traced to contamination; lot recall", "safety-critical parts shipped without the required inspection records"}},
	{category: "QUALITY_SAFETY", hit: "E-(2) Promotion of Quality Assurance Activities", nec: "IV-2 Establish and apply a quality management system",
		subjects: []string{"supplier"}, sources: []string{"AUDIT", "SAQ"}, sev: [2]int{2, 3}, lik: [2]int{2, 4},
		texts: []string{"ISO 9001 certificate lapsed; corrective actions from the last audit not closed", "no PDCA review of quality objectives; process changes not notified to customers"}},
	{category: "QUALITY_SAFETY", hit: "G-(10) Corrective Action Process",
		subjects: []string{"supplier"}, sources: []string{"AUDIT"}, sev: [2]int{2, 3}, lik: [2]int{3, 4},
		texts: []string{"deficiencies identified by the previous external audit not corrected within the agreed time"}},

	// F. Prevention of Personal and Confidential Information Leakage / V Information Security
	{category: "INFORMATION_SECURITY", hit: "F-(1) Protection against Threats to Computer Networks Including Cyberattacks", nec: "V-1 Secure computer networks against threats",
		subjects: []string{"supplier"}, sources: []string{"OTHER", "MEDIA"}, sev: [2]int{3, 5}, lik: [2]int{2, 4},
		texts: []string{"ransomware attack halted production planning systems for four days", "targeted phishing compromised e-mail accounts of the sales department"}},
	{category: "INFORMATION_SECURITY", hit: "F-(1) Protection against Threats to Computer Networks Including Cyberattacks", nec: "V-1 Secure computer networks against threats",
		subjects: []string{"supplier"}, sources: []string{"SAQ"}, sev: [2]int{2, 3}, lik: [2]int{3, 4},
		texts: []string{"no incident response plan; unsupported operating systems on production PCs", "no multi-factor authentication for remote access to the factory network"}},
	{category: "INFORMATION_SECURITY", hit: "F-(3) Measures to Prevent Personal Information Leakage", nec: "V-2 Prevent the leakage of personal information",
		subjects: []string{"supplier"}, sources: []string{"OTHER", "MEDIA"}, sev: [2]int{2, 4}, lik: [2]int{2, 3},
		texts: []string{"personal data of employees exposed on a misconfigured file server", "worker records including passport copies sent to a wrong recipient"}},
	{category: "INFORMATION_SECURITY", hit: "F-(4) Measures to Prevent Leakage of Customer and Third-party Confidential Information", nec: "V-3 Prevent the leakage of customer and third-party confidential information",
		subjects: []string{"supplier"}, sources: []string{"AUDIT", "OTHER"}, sev: [2]int{3, 4}, lik: [2]int{2, 3},
		texts: []string{"customer drawings shared with an unapproved subcontractor", "confidential specifications stored on personal cloud accounts"}},

	// Responsible minerals: Hitachi B-2 policy and D-(11); NEC conflict minerals policy.
	{category: "RESPONSIBLE_MINERALS", hit: "D-(11) Responsible Sourcing of Minerals", nec: "Conflict Minerals Free Policy",
		subjects: []string{"processor"}, sources: []string{"SAQ"}, sev: [2]int{3, 4}, lik: [2]int{3, 4},
		texts: []string{"CMRT not provided; smelter list incomplete", "CMRT lists smelters that are not RMAP conformant; no risk mitigation plan"}},
	{category: "RESPONSIBLE_MINERALS", hit: "D-(11) Responsible Sourcing of Minerals", nec: "Conflict Minerals Free Policy",
		subjects: []string{"smelter"}, sources: []string{"RMAP"}, sev: [2]int{4, 5}, lik: [2]int{3, 4},
		texts: []string{"RMAP re-assessment overdue; conformance lapsed", "chain-of-custody records for ore lots from a high-risk area missing"}},
	{category: "RESPONSIBLE_MINERALS", hit: "D-(11) Responsible Sourcing of Minerals", nec: "Conflict Minerals Free Policy",
		subjects: []string{"mine", "trader"}, countries: []string{"CD", "RW", "UG", "BI"}, sources: []string{"MEDIA", "OTHER", "AUDIT"}, sev: [2]int{5, 5}, lik: [2]int{3, 4},
		texts: []string{"illegal taxation of ore transport by an armed group reported on the access road", "tagged bags from outside the validated site mixed into shipments"}},
	{category: "RESPONSIBLE_MINERALS", hit: "G-(12) Due Diligence for Suppliers Upstream in the Supply Chain", nec: "Conflict Minerals Free Policy",
		subjects: []string{"trader"}, sources: []string{"AUDIT", "OTHER"}, sev: [2]int{4, 5}, lik: [2]int{3, 4},
		texts: []string{"no due diligence on the sources of purchased ore; mine of origin unknown for most lots"}},

	// Business continuity: NEC Part-2 Business Continuity Policy; Hitachi G-(4).
	{category: "BUSINESS_CONTINUITY", hit: "G-(4) Risk Assessment and Risk Management", nec: "Business Continuity Policy",
		subjects: []string{"supplier"}, sources: []string{"SAQ"}, sev: [2]int{2, 4}, lik: [2]int{2, 4},
		texts: []string{"no business continuity plan (BCP); single production site for the supplied part", "BCP not tested; no alternative source qualified for a sole-sourced material"}},
	{category: "BUSINESS_CONTINUITY", nec: "Business Continuity Policy",
		subjects: []string{"plant", "warehouse"}, countries: []string{"TH", "VN", "MY", "PH", "ID", "CN"}, sources: []string{"MEDIA", "OTHER"}, sev: [2]int{3, 5}, lik: [2]int{2, 3},
		texts: []string{"flooding of the industrial estate stopped production for three weeks", "typhoon damage to the warehouse roof; shipments delayed"}},
	{category: "BUSINESS_CONTINUITY", nec: "Business Continuity Policy",
		subjects: []string{"plant"}, countries: []string{"JP", "TW"}, sources: []string{"MEDIA", "OTHER"}, sev: [2]int{3, 5}, lik: [2]int{1, 3},
		texts: []string{"earthquake damaged the clean room; output reduced for six weeks"}},
	{category: "BUSINESS_CONTINUITY", hit: "G-(4) Risk Assessment and Risk Management",
		subjects: []string{"smelter", "processor"}, countries: []string{"CN"}, sources: []string{"MEDIA", "OTHER"}, sev: [2]int{3, 4}, lik: [2]int{2, 4},
		texts: []string{"export licensing for the metal tightened; deliveries subject to quota", "regional power rationing restricted output"}},
}
